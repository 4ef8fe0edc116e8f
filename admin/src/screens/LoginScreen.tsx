import { useState, type FormEvent } from 'react';
import { request } from '../api/http';
import { setToken } from '../api/session';
import { navigate } from '../navigation';

/** 登录页: username and password against POST /api/auth/login; the token goes to the session. */
export function LoginScreen({ from }: { from?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!username.trim()) missing.username = '请输入用户名';
    if (!password) missing.password = '请输入密码';
    setFieldErrors(missing);
    setMessage('');
    if (Object.keys(missing).length) return;
    setBusy(true);
    const payload = await request({ url: '/api/auth/login', method: 'post', data: { username: username.trim(), password } });
    setBusy(false);
    if (payload.status !== 0) {
      setFieldErrors(payload.errors ?? {});
      setMessage(payload.msg);
      return;
    }
    setToken((payload.data as { token: string }).token);
    navigate(from && from.startsWith('/') && !from.startsWith('/login') ? from : '/', true);
  };

  return (
    <div className="wl-login">
      <div className="wl-login-brand">
        <div className="wl-login-logo">
          <i className="fa fa-fire" />
        </div>
        <h1>暖线</h1>
        <p className="wl-login-subtitle">供热客服管理平台</p>
        <ul className="wl-login-points">
          <li>
            <i className="fa fa-phone" /> 来电弹屏 · 一键受理
          </li>
          <li>
            <i className="fa fa-random" /> 流程可配置 · 表单可配置
          </li>
          <li>
            <i className="fa fa-line-chart" /> 时限预警 · 全程督办
          </li>
        </ul>
      </div>
      <form className="wl-login-card" onSubmit={submit} noValidate>
        <h2>账号登录</h2>
        <label className="wl-field">
          <span>用户名</span>
          <div className={`wl-input ${fieldErrors.username ? 'is-error' : ''}`}>
            <i className="fa fa-user" />
            <input
              name="username"
              autoComplete="username"
              placeholder="请输入用户名"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          {fieldErrors.username && <em className="wl-field-error">{fieldErrors.username}</em>}
        </label>
        <label className="wl-field">
          <span>密码</span>
          <div className={`wl-input ${fieldErrors.password ? 'is-error' : ''}`}>
            <i className="fa fa-lock" />
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              placeholder="请输入密码"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {fieldErrors.password && <em className="wl-field-error">{fieldErrors.password}</em>}
        </label>
        {message && (
          <div className="wl-login-message" role="alert">
            <i className="fa fa-exclamation-circle" /> {message}
          </div>
        )}
        <button className="wl-login-submit" type="submit" disabled={busy}>
          {busy ? '正在登录…' : '登 录'}
        </button>
        <p className="wl-login-foot">忘记密码请联系本单位系统管理员重置</p>
      </form>
    </div>
  );
}
