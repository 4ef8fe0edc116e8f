/** What the designer exposes on `window` for the browser tests (designer/src/ui/designer-app.ts). */
interface Window {
  __warmlineModeler?: { get(service: string): unknown };
  __warmlineUntranslated?: Set<string>;
}
