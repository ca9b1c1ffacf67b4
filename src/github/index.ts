// The GitHub side of the action: sticky plan comment, approved-plan guard and drift issue (README "GitHub: the plan on the pull request").
export * from "./body.js";
export * from "./client.js";
export * from "./comment.js";
export * from "./drift-issue.js";
export * from "./errors.js";
export * from "./guard.js";
export * from "./marker.js";
