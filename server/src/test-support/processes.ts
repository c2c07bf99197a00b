import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { trustKeyEnv } from './test-keys.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A real server node as a separate process, from the TypeScript sources (no build needed):
 * what two nodes behind a load balancer look like, on one machine.
 */
export async function startNode(env: Record<string, string>, opts: { detached?: boolean } = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')], {
    cwd: repoRoot,
    // detached: leader of its own process group, so a test can cut the power to it and its PostgreSQL
    detached: opts.detached ?? false,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...trustKeyEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`node exited (${code}) before it was ready:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise((r) => {
        child.on('exit', r);
        child.kill(signal);
      });
    },
  };
}
