// What roles and users share: Metadata (api/proto/teleport/legacy/types/types.proto, message Metadata).
// The name, labels and revision are the action's own business (access-document.ts), so they are skipped;
// `namespace` is tagged json:"-", so Teleport never reads it.
import { ignored, object, skip, string, timestamp } from "./types.js";

export const metadata = object("Metadata", {
  name: skip(),
  namespace: ignored(),
  description: string(),
  labels: skip(),
  expires: timestamp(),
  revision: skip(),
});
