// Manifest errors as GitHub workflow commands, log lines and a job-summary table. The runner turns an
// `::error` command into an annotation on the file and line, but shows only the first 10 annotations of each
// severity per step, and the command line itself does not appear in the log: so callers print every error
// with `formatErrorLine` too and put `formatErrorsMarkdown` in the job summary.
import { formatLocation, type ManifestError } from "../manifests/errors.js";

export const ANNOTATIONS_SHOWN_PER_STEP = 10;

/** The runner's escaping for a command's message: `%`, CR and LF. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** The runner's escaping for a property value: as for data, plus `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function annotationTitle(error: ManifestError): string {
  if (error.field) return `Invalid ${error.field}`;
  return error.file === "" ? "Invalid input" : "Invalid manifest";
}

/**
 * `::error file=F,line=L,col=C,title=T::MESSAGE`. Position properties are left out when unknown (an input
 * pattern that matches nothing has no file; an unreadable file has no line).
 */
export function formatAnnotation(error: ManifestError): string {
  const props: [string, string][] = [];
  if (error.file !== "") {
    props.push(["file", error.file]);
    if (error.line > 0) {
      props.push(["line", String(error.line)]);
      if (error.col > 0) props.push(["col", String(error.col)]);
    }
  }
  props.push(["title", annotationTitle(error)]);
  const properties = props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(",");
  return `::error ${properties}::${escapeData(error.message)}`;
}

/** `file:line:col: message`, the form editors and terminals turn into links. */
export function formatErrorLine(error: ManifestError): string {
  const location = formatLocation(error);
  return location === "" ? error.message : `${location}: ${error.message}`;
}

function cell(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

/** A Markdown table of every error, for the job summary (which has no 10-item limit). */
export function formatErrorsMarkdown(errors: ManifestError[]): string {
  if (errors.length === 0) return "";
  const noun = errors.length === 1 ? "problem" : "problems";
  const rows = errors.map(
    (e) => `| ${cell(formatLocation(e) || "(input)")} | ${cell(e.field ?? "")} | ${cell(e.message)} |`,
  );
  return [
    `**${errors.length} manifest ${noun}; nothing was changed.**`,
    "",
    "| Location | Field | Problem |",
    "| --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
