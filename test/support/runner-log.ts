// A step's log as the GitHub runner shows it, for `npm run demo`: workflow commands are consumed, not
// printed. `::add-mask::` registers a secret that is shown as *** from then on (and in anything rendered
// with the same masks afterwards), `::debug::` lines are hidden unless asked for, `::error`, `::warning` and
// `::notice` become annotation lines with their file and line, and the other commands disappear.
export class RunnerLog {
  private readonly masks: string[] = [];
  constructor(private readonly options: { debug?: boolean } = {}) {}

  /** Replaces every registered secret in `text` with `***`, longest first so a secret inside another goes too. */
  mask(text: string): string {
    let out = text;
    for (const secret of [...this.masks].sort((a, b) => b.length - a.length))
      out = out.split(secret).join("***");
    return out;
  }

  /** The lines of a step's stdout as the runner's log shows them. */
  render(stdout: string): string {
    const shown: string[] = [];
    for (const line of stdout.split("\n")) {
      const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
      if (!command) {
        shown.push(this.mask(line));
        continue;
      }
      const [, name, props = "", rawMessage = ""] = command;
      const message = unescapeData(rawMessage);
      if (name === "add-mask") {
        if (message) this.masks.push(message);
      } else if (name === "debug") {
        if (this.options.debug) shown.push(this.mask(`##[debug]${message}`));
      } else if (name === "error" || name === "warning" || name === "notice") {
        shown.push(this.mask(annotation(name, props, message)));
      } else if (name === "group") {
        shown.push(this.mask(`> ${message}`));
      }
    }
    return shown.join("\n");
  }
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ":").replace(/%2C/g, ",");
}

function annotation(kind: string, props: string, message: string): string {
  const values = new Map(
    props
      .split(",")
      .filter(Boolean)
      .map((p) => {
        const at = p.indexOf("=");
        return [p.slice(0, at), unescapeProperty(p.slice(at + 1))] as const;
      }),
  );
  const where = values.get("file")
    ? `${values.get("file")}${values.get("line") ? `:${values.get("line")}` : ""}${values.get("col") ? `:${values.get("col")}` : ""}: `
    : "";
  const title = values.get("title") ? `${values.get("title")}: ` : "";
  const label = kind === "error" ? "Error" : kind === "warning" ? "Warning" : "Notice";
  return `${label}: ${where}${title}${message}`;
}
