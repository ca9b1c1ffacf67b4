// Manifest errors as GitHub workflow commands, log lines and a job-summary table. The runner turns an
// `::error` command into an annotation on the file and line, but shows only the first 10 annotations of each
// severity per step, and the command line itself does not appear in the log: so callers print every error
// with `formatErrorLine` too and put `formatErrorsMarkdown` in the job summary.
//
// Messages quote manifest values shortened already; the bounds here hold whatever a message carries, since
// GitHub drops a step summary over 1 MiB and a multi-megabyte log line helps nobody.
import { formatLocation, type ManifestError, shorten } from "../manifests/errors.js";

export const ANNOTATIONS_SHOWN_PER_STEP = 10;

/** Longest message one annotation, log line or summary row carries; ours are well under 1,000. */
const MAX_MESSAGE_CHARS = 2000;
const MAX_FIELD_CHARS = 200;
/** The job summary's share of GitHub's 1 MiB step-summary limit, leaving room for other sections. */
const MAX_SUMMARY_BYTES = 512 * 1024;

const message = (error: ManifestError) => shorten(error.message, MAX_MESSAGE_CHARS);
const field = (error: ManifestError) => (error.field ? shorten(error.field, MAX_FIELD_CHARS) : undefined);

/** The runner's escaping for a command's message: `%`, CR and LF. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** The runner's escaping for a property value: as for data, plus `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotationTitle(error: ManifestError): string {
  if (error.field) return `Invalid ${field(error)}`;
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
  return `::error ${properties}::${escapeData(message(error))}`;
}

/** `file:line:col: message`, the form editors and terminals turn into links. */
export function formatErrorLine(error: ManifestError): string {
  const location = formatLocation(error);
  return location === "" ? message(error) : `${location}: ${message(error)}`;
}

function cell(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

/**
 * A Markdown table of the errors for the job summary (which has no 10-item limit): every one, or as many as
 * fit in MAX_SUMMARY_BYTES, then how many more the log lists.
 */
export function formatErrorsMarkdown(errors: ManifestError[]): string {
  if (errors.length === 0) return "";
  const plural = (n: number) => (n === 1 ? "problem" : "problems");
  const head = [
    `**${errors.length} manifest ${plural(errors.length)}; nothing was changed.**`,
    "",
    "| Location | Field | Problem |",
    "| --- | --- | --- |",
  ];
  // Room for the closing line, whatever the count it names.
  let budget = MAX_SUMMARY_BYTES - Buffer.byteLength(head.join("\n")) - 200;
  const rows: string[] = [];
  for (const e of errors) {
    const row = `| ${cell(formatLocation(e) || "(input)")} | ${cell(field(e) ?? "")} | ${cell(message(e))} |`;
    budget -= Buffer.byteLength(row) + 1;
    if (budget < 0) break;
    rows.push(row);
  }
  const left = errors.length - rows.length;
  const tail = left > 0 ? ["", `and ${left} more ${plural(left)}; the step's log lists every one.`] : [];
  return [...head, ...rows, ...tail, ""].join("\n");
}
