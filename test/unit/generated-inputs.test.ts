// action.yml is the one definition of the inputs; src/generated/inputs.ts is what scripts/gen-inputs.mjs
// makes of it. Editing either alone fails here: regenerate with `npm run build`.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_INPUTS, renderInputs } from "../../scripts/gen-inputs.mjs";
import { REPO_ROOT } from "../support/action-runner.js";

const actionYml = () => fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8");

describe("src/generated/inputs.ts", () => {
  it("is what action.yml generates (npm run build regenerates it)", () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, GENERATED_INPUTS), "utf8");
    expect(committed).toBe(renderInputs(actionYml()));
  });

  it("changes with a default or an input of action.yml", () => {
    const yml = actionYml();
    const changedDefault = yml.replace("    default: install\n", "    default: plan\n");
    expect(changedDefault).not.toBe(yml);
    expect(renderInputs(changedDefault)).toContain('  mode: "plan",\n');
    const added = yml.replace(
      "\noutputs:\n",
      '\n  extra-input:\n    description: "x"\n    default: "1"\n\noutputs:\n',
    );
    expect(renderInputs(added)).toContain('  "extra-input": "1",\n');
  });
});
