import { Renderer, type RendererProps } from 'amis';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '../styles/process-diagram.css';

interface ProcessViewData {
  xml?: string | null;
  completed?: string[];
  active?: string[];
  takenFlows?: string[];
}

interface Canvas {
  zoom(level: 'fit-viewport', center?: 'auto'): void;
  addMarker(id: string, marker: string): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}

/** Marker classes on the diagram's elements (also what the browser tests read). */
export const DONE = 'wl-done';
export const DONE_SCOPE = 'wl-done-scope';
export const CURRENT = 'wl-current';
export const TAKEN = 'wl-flow-taken';

/**
 * 流程图 (`type: "wl-process-diagram"`): the ticket's BPMN (bpmn-js viewer, pan and zoom) with the
 * elements that ran in green and the ones it waits in in blue, and a legend. Reads `xml`,
 * `completed`, `active` and `takenFlows` from the data of the surrounding service
 * (`GET …/tickets/:id/process`, decision 0016).
 */
function ProcessDiagram({ data }: { data: ProcessViewData }) {
  const ref = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const key = JSON.stringify([data.xml?.length ?? 0, data.completed, data.active, data.takenFlows]);

  useEffect(() => {
    if (!ref.current || !data.xml) return;
    let cancelled = false;
    const v = new NavigatedViewer({ container: ref.current });
    viewer.current = v;
    setReady(false);
    setError(null);
    v.importXML(data.xml)
      .then(() => {
        if (cancelled) return;
        const canvas = v.get<Canvas>('canvas');
        const registry = v.get<ElementRegistry>('elementRegistry');
        const active = new Set(data.active ?? []);
        const mark = (id: string, marker: string) => {
          if (registry.get(id)) canvas.addMarker(id, marker);
        };
        // A finished sub-process is outlined only: filling it would cover the steps drawn inside.
        const isScope = (id: string) => (registry.get(id) as { type?: string } | undefined)?.type === 'bpmn:SubProcess';
        for (const id of data.completed ?? []) if (!active.has(id)) mark(id, isScope(id) ? DONE_SCOPE : DONE);
        for (const id of active) mark(id, CURRENT);
        for (const id of data.takenFlows ?? []) mark(id, TAKEN);
        canvas.zoom('fit-viewport', 'auto');
        setReady(true);
      })
      .catch(() => !cancelled && setError('流程图无法显示：流程定义格式有误'));
    return () => {
      cancelled = true;
      v.destroy();
      viewer.current = null;
    };
  }, [key]); // `key` stands for the data the effect reads

  if (!data.xml) return <div className="wl-process-diagram-empty wl-muted">该工单没有流程记录</div>;
  return (
    <div className="wl-process-diagram">
      <div className="wl-process-diagram-bar">
        <span className="wl-process-legend">
          <span className="wl-legend-item">
            <i className="wl-legend-swatch wl-legend-done" />
            已完成
          </span>
          <span className="wl-legend-item">
            <i className="wl-legend-swatch wl-legend-current" />
            当前所在
          </span>
          <span className="wl-legend-item">
            <i className="wl-legend-swatch wl-legend-todo" />
            未经过
          </span>
        </span>
        <button
          type="button"
          className="wl-process-fit wl-no-print"
          title="缩放到适合大小"
          onClick={() => viewer.current?.get<Canvas>('canvas').zoom('fit-viewport', 'auto')}
        >
          <i className="fa fa-arrows-alt" /> 适应画布
        </button>
      </div>
      {error && <div className="wl-process-diagram-empty wl-muted">{error}</div>}
      <div ref={ref} className="wl-process-diagram-canvas" data-ready={ready ? 'true' : 'false'} />
    </div>
  );
}

Renderer({ type: 'wl-process-diagram', autoVar: false })((props: RendererProps) => <ProcessDiagram data={props.data as ProcessViewData} />);
