// Types of gen-inputs.mjs for its unit test.
export const GENERATED_INPUTS: string;
export function renderInputs(actionYml: string): string;
