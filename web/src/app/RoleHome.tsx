import { Navigate } from 'react-router';
import { useSession, homeOf } from '../lib/session';

export default function RoleHome() {
  const { data } = useSession();
  if (!data) return null;
  return <Navigate to={homeOf(data.user)} replace />;
}
