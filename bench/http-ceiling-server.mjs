// The surge's second ceiling: a bare node:http receiver in its own process that does only what any
// upload must — read the body, SHA-256 it, write it to a file, fsync — with no framework, no
// multipart parsing, no database, no checks. What the product adds costs the difference.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shsp-http-ceiling-'));
let n = 0;
const server = http.createServer(async (req, res) => {
  const file = path.join(dir, String(n++));
  const hash = crypto.createHash('sha256');
  req.on('data', (c) => hash.update(c));
  await pipeline(req, fs.createWriteStream(file));
  const fh = await fsp.open(file, 'r');
  await fh.sync();
  await fh.close();
  res.writeHead(201, { 'content-type': 'text/plain' }).end(hash.digest('hex'));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
