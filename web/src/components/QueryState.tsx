import { Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';

/** Loading and failure of a read, the same everywhere: a skeleton, or the refusal with its clause. */
export function QueryState<T>({
  query,
  children,
  rows = 4,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
  rows?: number;
}) {
  if (query.error) return <ProblemAlert error={query.error} />;
  if (query.isPending || query.data === undefined) return <Skeleton active paragraph={{ rows }} />;
  return <>{children(query.data)}</>;
}
