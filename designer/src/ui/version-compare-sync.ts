import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';

/** The services of a bpmn-js viewer the side-by-side view uses. */
export interface ViewerLike {
  get<T>(name: string): T;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
type Point = { x: number; y: number };

/** Centre of an element in diagram coordinates (a shape's box, a connection's middle waypoint). */
export function centreOf(viewer: ViewerLike, id: string): Point | undefined {
  const e = viewer.get<ElementRegistry>('elementRegistry').get(id) as
    (Partial<Box> & { waypoints?: Point[]; parent?: unknown }) | undefined;
  if (!e || !e.parent) return undefined;
  if (e.waypoints && e.waypoints.length > 0) {
    const xs = e.waypoints.map((p) => p.x);
    const ys = e.waypoints.map((p) => p.y);
    return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
  }
  if (e.x === undefined || e.y === undefined) return undefined;
  return { x: e.x + (e.width ?? 0) / 2, y: e.y + (e.height ?? 0) / 2 };
}

/**
 * Keeps two viewers' zoom and scroll in step: a change of either viewbox is applied to the other,
 * shifted by an offset (zero after fitting; the distance between an element's two positions after
 * centring on an element that moved between the versions).
 */
export class ViewboxSync {
  private offset: Point = { x: 0, y: 0 };
  private syncing = false;

  constructor(
    private readonly left: ViewerLike,
    private readonly right: ViewerLike,
  ) {
    this.follow(left, right, 1);
    this.follow(right, left, -1);
  }

  private canvas(v: ViewerLike): Canvas {
    return v.get<Canvas>('canvas');
  }

  private follow(from: ViewerLike, to: ViewerLike, sign: 1 | -1): void {
    from.get<EventBus>('eventBus').on('canvas.viewbox.changed', () => {
      if (this.syncing) return;
      this.syncing = true;
      try {
        const vb = this.canvas(from).viewbox();
        this.canvas(to).viewbox({
          x: vb.x + sign * this.offset.x,
          y: vb.y + sign * this.offset.y,
          width: vb.width,
          height: vb.height,
        });
      } finally {
        this.syncing = false;
      }
    });
  }

  /** Both diagrams whole in view, at most at 100 %, aligned on their common coordinates. */
  fit(): void {
    this.offset = { x: 0, y: 0 };
    const inner = [this.left, this.right].map((v) => this.canvas(v).viewbox().inner).filter((b) => b.width > 0 || b.height > 0);
    const outer = this.canvas(this.left).viewbox().outer;
    if (inner.length === 0) return;
    const x1 = Math.min(...inner.map((b) => b.x)) - 40;
    const y1 = Math.min(...inner.map((b) => b.y)) - 40;
    const x2 = Math.max(...inner.map((b) => b.x + b.width)) + 40;
    const y2 = Math.max(...inner.map((b) => b.y + b.height)) + 40;
    const scale = Math.min(1, outer.width / (x2 - x1), outer.height / (y2 - y1));
    const width = outer.width / scale;
    const height = outer.height / scale;
    this.canvas(this.left).viewbox({ x: (x1 + x2) / 2 - width / 2, y: (y1 + y2) / 2 - height / 2, width, height });
  }

  /** Centre element `id` on both sides (where it exists), keeping the zoom. */
  centre(id: string): void {
    const a = centreOf(this.left, id);
    const b = centreOf(this.right, id);
    if (a && b) this.offset = { x: b.x - a.x, y: b.y - a.y };
    const [viewer, point] = b ? [this.right, b] : a ? [this.left, a] : [undefined, undefined];
    if (!viewer || !point) return;
    const vb = this.canvas(viewer).viewbox();
    this.canvas(viewer).viewbox({ x: point.x - vb.width / 2, y: point.y - vb.height / 2, width: vb.width, height: vb.height });
  }
}
