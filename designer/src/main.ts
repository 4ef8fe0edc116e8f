import './styles/designer.css';
import { whenSignedOut } from './api/http';
import { getToken } from './api/session';
import { standaloneFormRoute, startStandaloneForm } from './forms/standalone';
import { startDesigner } from './ui/designer-app';
import { renderLogin } from './ui/login-form';

const root = document.getElementById('app')!;

function start(): void {
  if (!getToken()) {
    renderLogin(root, start);
    return;
  }
  const formRoute = standaloneFormRoute();
  if (formRoute) {
    void startStandaloneForm(root, formRoute);
    return;
  }
  void startDesigner(root);
}

whenSignedOut(() => renderLogin(root, start));
start();
