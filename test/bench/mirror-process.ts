// The benchmark's mirror, in its own process so that serving bytes does not compete with the installer's
// event loop. Prints one JSON line {url, caFile} and serves until stdin closes.
import * as fs from "node:fs";
import * as path from "node:path";
import { startMirror } from "../sim/cdn/cdn.js";
import { createCertificateAuthority } from "../sim/common/pki.js";

const [file, name, sha256, bytesPerSecond, dir] = process.argv.slice(2);
const ca = await createCertificateAuthority("bench CA");
const mirror = await startMirror({
  ca,
  tarballs: [{ name: name!, sha256: sha256!, size: fs.statSync(file!).size, file: file! }],
  faults: { bytesPerSecond: Number(bytesPerSecond) },
});
const caFile = path.join(dir!, "bench-ca.pem");
fs.writeFileSync(caFile, ca.certPem);
process.stdout.write(`${JSON.stringify({ url: mirror.url, caFile })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void mirror.stop().then(() => process.exit(0)));
