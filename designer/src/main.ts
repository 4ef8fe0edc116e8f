import './styles/designer.css';
import { whenSignedOut } from './api/http';
import { getToken } from './api/session';
import { startDesigner } from './ui/designer-app';
import { renderLogin } from './ui/login-form';

const root = document.getElementById('app')!;

function start(): void {
  if (!getToken()) {
    renderLogin(root, start);
    return;
  }
  void startDesigner(root);
}

whenSignedOut(() => renderLogin(root, start));
start();
