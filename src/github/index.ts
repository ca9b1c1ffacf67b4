// The GitHub side of the action: sticky plan comment, approved-plan guard and drift issue (DESIGN section 4).
export * from "./body.js";
export * from "./client.js";
export * from "./comment.js";
export * from "./drift-issue.js";
export * from "./errors.js";
export * from "./guard.js";
export * from "./marker.js";
