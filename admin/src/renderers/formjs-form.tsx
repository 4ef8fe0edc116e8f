import { FormItem, type FormControlProps } from 'amis';
import { resolveVariableAndFilter } from 'amis-core';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-viewer/dist/assets/flatpickr/light.css';
import { reaction, type IReactionDisposer } from 'mobx';
import { Component, createRef } from 'react';
import { request } from '../api/http';

/** A form-js schema as `GET /api/forms/:formId` answers it. */
interface StoredForm {
  formId: string;
  name?: string;
  version?: number;
  schema: { id?: string; components?: FormjsComponent[] } & Record<string, unknown>;
}

interface FormjsComponent {
  id?: string;
  key?: string;
  label?: string;
  components?: FormjsComponent[];
}

type Errors = Record<string, string[] | undefined>;

/** form-js' validation messages (English, no translate hook in 1.23) in the console's Chinese. */
const MESSAGES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^Field is required\.$/, () => '此项为必填项'],
  [/^Field must have minimum value of (.+)\.$/, (m) => `不能小于 ${m[1]}`],
  [/^Field must have maximum value of (.+)\.$/, (m) => `不能大于 ${m[1]}`],
  [/^Field must have minimum length of (.+)\.$/, (m) => `至少 ${m[1]} 个字符`],
  [/^Field must have maximum length of (.+)\.$/, (m) => `最多 ${m[1]} 个字符`],
  [/^Value is not a number\.$/, () => '请输入数字'],
  [/^Value is expected to be an integer\.$/, () => '请输入整数'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (m) => `最多 ${m[1]} 位小数`],
  [/^Field must match pattern/, () => '格式不正确'],
  [/^Field must be a valid email\.$/, () => '邮箱格式不正确'],
  [/^Field must be a valid\s+international phone number/, () => '电话号码格式不正确'],
  [/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/, (m) => `请填写有效值，最接近的是 ${m[1]} 或 ${m[2]}`],
];

export function zhMessage(message: string): string {
  for (const [pattern, text] of MESSAGES) {
    const m = message.match(pattern);
    if (m) return text(m);
  }
  return /[\u4e00-\u9fa5]/.test(message) ? message : '填写有误';
}

/** English texts form-js renders itself (select placeholder, search, empty list). */
const UI_TEXTS: Record<string, string> = { Select: '请选择', Search: '搜索', 'No results': '无匹配项' };

function translateDom(root: HTMLElement): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const zh = UI_TEXTS[node.nodeValue?.trim() ?? ''];
    if (zh) node.nodeValue = zh;
  }
  root.querySelectorAll<HTMLInputElement>('input[placeholder]').forEach((input) => {
    const zh = UI_TEXTS[input.placeholder];
    if (zh) input.placeholder = zh;
    if (/^(mm|dd|yyyy)[/.-](mm|dd|yyyy)[/.-](mm|dd|yyyy)$/i.test(input.placeholder)) input.placeholder = '年/月/日';
  });
}

/** Field id by key, walking groups. */
function idsByKey(components: FormjsComponent[] = [], out = new Map<string, string>()): Map<string, string> {
  for (const c of components) {
    if (c.key && c.id) out.set(c.key, c.id);
    if (Array.isArray(c.components)) idsByKey(c.components, out);
  }
  return out;
}

/** The form-js internals this control drives (not in the public typings of 1.23). */
interface FormInternals {
  _getState(): { data: Record<string, unknown>; errors: Errors };
  _setState(state: { errors: Errors }): void;
  _getSubmitData(): Record<string, unknown>;
  get(name: 'validator'): { validateFieldInstance: (instance: unknown, value: unknown) => string[] };
}

interface Props extends FormControlProps {
  /** The form id, usually an expression: `${intakeFormId}`. Empty → nothing is shown and the value is cleared. */
  formId?: string;
}

interface State {
  phase: 'none' | 'loading' | 'ready' | 'failed';
  message: string;
  /** The item's errors that belong to no form-js field (shown under the form; amis' own display is off). */
  notes: string[];
}

/** A server error detail for a form field, as the page's api adaptor hands it over: `<key>|<message>`. */
const FIELD_ERROR = /^([A-Za-z_][\w.-]*)\|(.+)$/s;

/**
 * 受理表单 (`type: "wl-formjs-form"`): a form-js schema from `GET /api/forms/:formId` rendered as one
 * amis form item (decision 0014). Its answers are the item's value (an object, e.g. `formData`); its
 * own validation runs when the amis form validates (messages in Chinese, submission blocked); server
 * field errors that the page's api adaptor puts on the item as `<key>|<message>` show on the form-js
 * field. Switching the form id swaps the form; an empty one shows nothing and clears the value.
 */
class FormjsFormControl extends Component<Props, State> {
  override state: State = { phase: 'none', message: '', notes: [] };
  private readonly container = createRef<HTMLDivElement>();
  private form: (Form & FormInternals) | null = null;
  private formId = '';
  private keys = new Map<string, string>();
  private observer: MutationObserver | null = null;
  private disposeErrors: IReactionDisposer | null = null;
  private loadSeq = 0;

  override componentDidMount(): void {
    void this.sync();
    const model = this.props.formItem as { errors?: string[] } | undefined;
    if (model) {
      this.disposeErrors = reaction(
        () => [...(model.errors ?? [])],
        (errors) => this.showServerErrors(errors),
      );
    }
  }

  override componentDidUpdate(): void {
    if (this.resolvedId() !== this.formId) void this.sync();
  }

  override componentWillUnmount(): void {
    this.loadSeq += 1;
    this.disposeErrors?.();
    this.destroyForm();
  }

  private resolvedId(): string {
    const raw = this.props.formId ?? '';
    const v = raw.includes('$') ? resolveVariableAndFilter(raw, this.props.data, '| raw') : raw;
    return typeof v === 'string' ? v.trim() : '';
  }

  private destroyForm(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.form?.destroy();
    this.form = null;
  }

  private async sync(): Promise<void> {
    const id = this.resolvedId();
    this.formId = id;
    const seq = ++this.loadSeq;
    this.destroyForm();
    if (!id) {
      this.setState({ phase: 'none', message: '', notes: [] });
      if (this.props.value !== undefined && this.props.value !== null) this.props.onChange(undefined);
      return;
    }
    this.setState({ phase: 'loading', message: '', notes: [] });
    const payload = await request({ url: `/api/forms/${encodeURIComponent(id)}`, method: 'get' });
    if (seq !== this.loadSeq) return;
    const stored = payload.data as StoredForm | undefined;
    if (payload.status !== 0 || !stored?.schema) {
      this.setState({ phase: 'failed', message: payload.msg || '受理表单加载失败' });
      return;
    }
    this.setState({ phase: 'ready', message: '' });
    const container = this.container.current;
    if (!container) return;
    const form = new Form({ container }) as Form & FormInternals;
    this.form = form;
    this.keys = idsByKey(stored.schema.components);
    const validator = form.get('validator');
    const validate = validator.validateFieldInstance.bind(validator);
    validator.validateFieldInstance = (instance, value) => validate(instance, value).map(zhMessage);
    this.observer = new MutationObserver(() => translateDom(container));
    this.observer.observe(container, { childList: true, subtree: true, characterData: true });
    const initial = this.props.value && typeof this.props.value === 'object' ? (this.props.value as Record<string, unknown>) : {};
    await form.importSchema(stored.schema as never, initial);
    if (seq !== this.loadSeq) return;
    translateDom(container);
    form.on('changed', () => this.props.onChange(form._getSubmitData()));
    this.props.onChange(form._getSubmitData());
  }

  /** Called by amis when the form validates (before submitting): form-js' own rules, in Chinese. */
  validate(): string | undefined {
    if (!this.form) return this.state.phase === 'loading' ? '受理表单尚未加载完成' : undefined;
    const errors = this.form.validate() as Errors;
    this.props.onChange(this.form._getSubmitData());
    return Object.keys(errors).length ? '请按提示完善受理表单' : undefined;
  }

  /** `<key>|<message>` errors put on this item by the page (server details `body.formData.<key>`): onto the form-js fields. */
  private showServerErrors(messages: string[]): void {
    const errors: Errors = {};
    const notes: string[] = [];
    for (const message of messages) {
      const m = FIELD_ERROR.exec(message);
      const id = m && this.form ? this.keys.get(m[1]!) : undefined;
      if (id) errors[id] = [m![2]!];
      else notes.push(m ? m[2]! : message);
    }
    this.setState({ notes });
    if (this.form && Object.keys(errors).length) this.form._setState({ errors: { ...this.form._getState().errors, ...errors } });
  }

  override render() {
    const { phase, message, notes } = this.state;
    const { classnames: cx } = this.props;
    return (
      <div className={cx('wl-formjs', `wl-formjs-${phase}`)} data-form-id={this.formId || undefined}>
        {phase === 'loading' && <div className="wl-muted">正在加载受理表单…</div>}
        {phase === 'failed' && <div className="wl-formjs-failed">{message}</div>}
        <div ref={this.container} className="wl-formjs-body" />
        {notes.map((note) => (
          <div className="wl-formjs-note" key={note}>
            {note}
          </div>
        ))}
      </div>
    );
  }
}

FormItem({ type: 'wl-formjs-form', strictMode: false })(FormjsFormControl);
