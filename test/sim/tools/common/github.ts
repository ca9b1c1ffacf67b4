// The GitHub join's client half: an ID token from the Actions runtime for audience teleport.cluster.local.
// fact: B29 (env vars, missing-variable error, `&audience=`, headers, `value`).
import { badParameter, traceError } from "./trace.js";
import { type WebClientOptions, webRequest } from "./web.js";

export const GITHUB_AUDIENCE = "teleport.cluster.local";

export async function fetchGithubIdToken(options: WebClientOptions): Promise<string> {
  const url = options.env["ACTIONS_ID_TOKEN_REQUEST_URL"];
  if (!url) throw badParameter("ACTIONS_ID_TOKEN_REQUEST_URL environment variable missing");
  const token = options.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
  if (!token) throw badParameter("ACTIONS_ID_TOKEN_REQUEST_TOKEN environment variable missing");
  const response = await webRequest("GET", `${url}&audience=${encodeURIComponent(GITHUB_AUDIENCE)}`, {
    ...options,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json; api-version=2.0" },
  });
  // assumption: texts for a failed token request; the facts only describe the success path.
  if (response.status !== 200) {
    throw traceError(
      "AccessDenied",
      `received unexpected status code ${response.status} from the GitHub Actions ID token endpoint`,
    );
  }
  let value: unknown;
  try {
    value = (JSON.parse(response.body) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== "string" || value === "") {
    throw badParameter("GitHub Actions ID token response has no value");
  }
  return value;
}
