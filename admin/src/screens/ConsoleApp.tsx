import { AlertComponent, ToastComponent } from 'amis';
import { getToken } from '../api/session';
import { useConsoleLocation } from '../navigation';
import { ConsoleShell } from './ConsoleShell';
import { LoginScreen } from './LoginScreen';

/** Login when there is no session, otherwise the console shell. */
export function ConsoleApp() {
  const location = useConsoleLocation();
  const signedIn = Boolean(getToken());
  return (
    <>
      <ToastComponent theme="cxd" position="top-center" locale="zh-CN" />
      <AlertComponent theme="cxd" locale="zh-CN" />
      {location.pathname === '/login' || !signedIn ? <LoginScreen from={location.query.from} /> : <ConsoleShell location={location} />}
    </>
  );
}
