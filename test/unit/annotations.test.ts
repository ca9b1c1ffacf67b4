import { describe, expect, it } from "vitest";
import type { ManifestError } from "../../src/manifests/errors.js";
import {
  ANNOTATIONS_SHOWN_PER_STEP,
  escapeData,
  escapeProperty,
  formatAnnotation,
  formatErrorLine,
  formatErrorsMarkdown,
} from "../../src/report/annotations.js";

const error = (over: Partial<ManifestError> = {}): ManifestError => ({
  file: "teleport/workload-clusters/acme.yaml",
  line: 14,
  col: 18,
  field: "spec.token.allow[0].aws_arn",
  message: "aws_arn is wrong",
  ...over,
});

describe("workflow command escaping (the runner's rules)", () => {
  it.each([
    ["plain", "plain"],
    ["100%", "100%25"],
    ["%0A stays literal", "%250A stays literal"],
    ["a\nb", "a%0Ab"],
    ["a\r\nb", "a%0D%0Ab"],
    ["a: b, c", "a: b, c"],
    ["::error::x", "::error::x"],
  ])("data %j -> %j", (value, want) => {
    expect(escapeData(value)).toBe(want);
  });

  it.each([
    ["teleport/acme.yaml", "teleport/acme.yaml"],
    ["a:b", "a%3Ab"],
    ["a,b", "a%2Cb"],
    ["50%", "50%25"],
    ["x\ny\rz", "x%0Ay%0Dz"],
    ["spec.token.allow[0].aws_arn", "spec.token.allow[0].aws_arn"],
  ])("property %j -> %j", (value, want) => {
    expect(escapeProperty(value)).toBe(want);
  });
});

describe("formatAnnotation", () => {
  it("writes file, line, col and a title naming the field", () => {
    expect(formatAnnotation(error())).toBe(
      "::error file=teleport/workload-clusters/acme.yaml,line=14,col=18,title=Invalid spec.token.allow[0].aws_arn::aws_arn is wrong",
    );
  });

  it("escapes properties and the message separately", () => {
    const line = formatAnnotation(
      error({
        file: "teams/a,b/c:d.yaml",
        message: 'aws_arn "arn:aws:iam::1:role/x" is 100% wrong,\nsee docs',
      }),
    );
    expect(line).toBe(
      "::error file=teams/a%2Cb/c%3Ad.yaml,line=14,col=18,title=Invalid spec.token.allow[0].aws_arn" +
        '::aws_arn "arn:aws:iam::1:role/x" is 100%25 wrong,%0Asee docs',
    );
    // One command per line: nothing the message holds can end it or start another.
    expect(line.split("\n")).toHaveLength(1);
  });

  it("leaves out the position of an input problem that has no file", () => {
    const line = formatAnnotation({
      file: "",
      line: 0,
      col: 0,
      message: 'Input "workload-clusters": pattern "teleport/x/*.yaml" matches no file',
    });
    expect(line).toBe(
      '::error title=Invalid input::Input "workload-clusters": pattern "teleport/x/*.yaml" matches no file',
    );
  });

  it("keeps the file when the line is unknown", () => {
    const { field: _field, ...rest } = error({ line: 0, col: 0, message: "cannot read the file: EACCES" });
    expect(formatAnnotation(rest)).toBe(
      "::error file=teleport/workload-clusters/acme.yaml,title=Invalid manifest::cannot read the file: EACCES",
    );
  });

  it("shows at most 10 per step, which is why the log and summary carry the full list", () => {
    expect(ANNOTATIONS_SHOWN_PER_STEP).toBe(10);
  });
});

describe("log lines", () => {
  it.each([
    [error(), "teleport/workload-clusters/acme.yaml:14:18: aws_arn is wrong"],
    [error({ col: 0 }), "teleport/workload-clusters/acme.yaml:14: aws_arn is wrong"],
    [error({ line: 0, col: 0 }), "teleport/workload-clusters/acme.yaml: aws_arn is wrong"],
    [error({ file: "", line: 0, col: 0, message: "no file" }), "no file"],
  ])("%j", (e, want) => {
    expect(formatErrorLine(e)).toBe(want);
  });
});

describe("job summary", () => {
  it("is empty without errors", () => {
    expect(formatErrorsMarkdown([])).toBe("");
  });

  it("lists every error in a table, with Markdown and HTML escaped", () => {
    const md = formatErrorsMarkdown([
      { file: "", line: 0, col: 0, message: "pattern a|b matches no file" },
      error({ message: 'use "arn:aws:sts::1:assumed-role/<role>/*"\nnext line & more' }),
    ]);
    expect(md).toBe(
      [
        "**2 manifest problems; nothing was changed.**",
        "",
        "| Location | Field | Problem |",
        "| --- | --- | --- |",
        "| (input) |  | pattern a\\|b matches no file |",
        '| teleport/workload-clusters/acme.yaml:14:18 | spec.token.allow[0].aws_arn | use "arn:aws:sts::1:assumed-role/&lt;role&gt;/*"<br>next line &amp; more |',
        "",
      ].join("\n"),
    );
  });

  it("has no 10-item limit", () => {
    const errors = Array.from({ length: 25 }, (_, i) => error({ line: i + 1 }));
    expect(
      formatErrorsMarkdown(errors)
        .split("\n")
        .filter((l) => l.startsWith("| teleport/")),
    ).toHaveLength(25);
  });
});

describe("size bounds (GitHub drops a step summary over 1 MiB)", () => {
  const huge = "x".repeat(5 * 1024 * 1024);

  it("shortens a huge message in the annotation and the log line, saying how long it was", () => {
    const e = error({ message: `value ${huge} is wrong` });
    for (const line of [formatAnnotation(e), formatErrorLine(e)]) {
      expect(line.length).toBeLessThan(2500);
      expect(line).toMatch(/value x+… \(5242895 characters\)$/);
    }
  });

  it("shortens a huge field in the annotation title and the summary", () => {
    const e = error({ field: `spec.${huge}` });
    expect(formatAnnotation(e).length).toBeLessThan(2500);
    expect(formatErrorsMarkdown([e]).length).toBeLessThan(5000);
  });

  it("keeps the summary under 512 KiB however many problems, and says how many it left out", () => {
    const errors = Array.from({ length: 20_000 }, (_, i) =>
      error({ line: i + 1, message: `problem ${i} ${"y".repeat(1000)}` }),
    );
    const md = formatErrorsMarkdown(errors);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(512 * 1024);
    const rows = md.split("\n").filter((l) => l.startsWith("| teleport/"));
    expect(rows.length).toBeGreaterThan(100);
    expect(md.startsWith("**20000 manifest problems; nothing was changed.**\n")).toBe(true);
    expect(md.trimEnd().split("\n").at(-1)).toBe(
      `and ${20_000 - rows.length} more problems; the step's log lists every one.`,
    );
    expect(rows.at(-1)).toContain(`problem ${rows.length - 1} `);
  });

  it("lists every problem when they fit", () => {
    const md = formatErrorsMarkdown([error(), error({ line: 15 })]);
    expect(md).not.toMatch(/more problem/);
  });
});
