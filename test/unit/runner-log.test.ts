// The demo's log rendering (test/support/runner-log.ts): what the runner would show, secrets as ***.
import { describe, expect, it } from "vitest";
import { RunnerLog } from "../support/runner-log.js";

describe("RunnerLog", () => {
  it("consumes ::add-mask:: and masks the value in every later line and in anything masked afterwards", () => {
    const log = new RunnerLog();
    const out = log.render("::add-mask::s3cr3t-token\nusing s3cr3t-token now\nplain line");
    expect(out).toBe("using *** now\nplain line");
    expect(out).not.toContain("add-mask");
    expect(log.mask("summary with s3cr3t-token")).toBe("summary with ***");
  });

  it("masks the longer of two overlapping secrets whole", () => {
    const log = new RunnerLog();
    expect(log.render("::add-mask::abc\n::add-mask::abcdef\nx abcdef y abc")).toBe("x *** y ***");
  });

  it("hides ::debug:: unless asked for", () => {
    expect(new RunnerLog().render("::debug::details\nshown")).toBe("shown");
    expect(new RunnerLog({ debug: true }).render("::debug::details")).toBe("##[debug]details");
  });

  it.each([
    [
      "::error file=teleport/access/a.yaml,line=3,col=5,title=acme%3A role/x::bad%0Avalue",
      "Error: teleport/access/a.yaml:3:5: acme: role/x: bad\nvalue",
    ],
    ["::warning::careful", "Warning: careful"],
    ["::notice file=a.yaml::note", "Notice: a.yaml: note"],
  ])("shows %s as an annotation line", (line, shown) => {
    expect(new RunnerLog().render(line)).toBe(shown);
  });

  it("drops other workflow commands", () => {
    expect(new RunnerLog().render("::set-output name=x::1\n::endgroup::\ntext")).toBe("text");
  });
});
