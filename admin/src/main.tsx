import { createRoot } from 'react-dom/client';
import 'amis/lib/themes/cxd.css';
import 'amis/lib/helper.css';
import 'amis/sdk/iconfont.css';
import '@fortawesome/fontawesome-free/css/all.css';
import '@fortawesome/fontawesome-free/css/v4-shims.css';
import './styles/console.css';
import './styles/tickets.css';
import './styles/kb.css';
import './renderers/page-editor';
import './renderers/audit-changes';
import './renderers/ticket-attachments';
import './renderers/ticket-alerts';
import './renderers/process-diagram';
import './renderers/building-tree';
import './renderers/formjs-form';
import { ConsoleApp } from './screens/ConsoleApp';

createRoot(document.getElementById('root')!).render(<ConsoleApp />);
