import { Renderer, type RendererProps } from 'amis';
import { useEffect, useState } from 'react';
import { getToken } from '../api/session';

interface AttachmentMeta {
  id: number;
  kind: string;
  fileName: string;
  mime: string;
  size: number;
}

const KIND_LABELS: Record<string, string> = {
  image: '照片',
  video: '视频',
  audio: '录音',
  signature: '签字',
  file: '文件',
};

/** The attachment's content through the bearer token (an <img src> cannot send it), as an object URL. */
function useContentUrl(url: string, wanted: boolean): string | null {
  const [objectUrl, setObjectUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let revoked = false;
    let made: string | null = null;
    const token = getToken();
    fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
      .then((res) => (res.ok ? res.blob() : null))
      .then((blob) => {
        if (!blob || revoked) return;
        made = URL.createObjectURL(blob);
        setObjectUrl(made);
      })
      .catch(() => setObjectUrl(null));
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [url, wanted]);
  return objectUrl;
}

function AttachmentItem({ meta, base }: { meta: AttachmentMeta; base: string }) {
  const isImage = meta.mime.startsWith('image/');
  const src = useContentUrl(`${base}/${meta.id}/content`, isImage);
  const [open, setOpen] = useState(false);
  const label = KIND_LABELS[meta.kind] ?? '附件';
  if (isImage) {
    return (
      <>
        <button
          type="button"
          className="wl-attachment wl-attachment-image"
          title={`${label}：${meta.fileName}`}
          onClick={() => setOpen(true)}
        >
          {src ? <img src={src} alt={meta.fileName} /> : <i className="fa fa-picture-o" />}
        </button>
        {open && src && (
          <div className="wl-attachment-preview" role="dialog" aria-label="图片预览" onClick={() => setOpen(false)}>
            <img src={src} alt={meta.fileName} />
            <span className="wl-attachment-preview-close">
              <i className="fa fa-times" /> 关闭
            </span>
          </div>
        )}
      </>
    );
  }
  return (
    <span className="wl-attachment wl-attachment-file" title={meta.fileName}>
      <i className={meta.mime.startsWith('video/') ? 'fa fa-film' : meta.mime.startsWith('audio/') ? 'fa fa-volume-up' : 'fa fa-file-o'} />{' '}
      {label}（{Math.max(1, Math.round(meta.size / 1024))} KB）
    </span>
  );
}

/**
 * 附件 (`type: "wl-ticket-attachments"`): the `attachments` of the current row — images as thumbnails
 * opening a full-size preview, other kinds as a labelled icon. Reads `subsidiaryId` and `ticketId`
 * from the page's data.
 */
Renderer({ type: 'wl-ticket-attachments', autoVar: false })((props: RendererProps) => {
  const data = props.data as { attachments?: AttachmentMeta[]; subsidiaryId?: string | number; ticketId?: string | number };
  const items = data.attachments ?? [];
  if (!items.length) return <span className="wl-muted">—</span>;
  const base = `/api/subsidiaries/${data.subsidiaryId}/tickets/${data.ticketId}/attachments`;
  return (
    <span className="wl-attachments">
      {items.map((a) => (
        <AttachmentItem key={a.id} meta={a} base={base} />
      ))}
    </span>
  );
});
