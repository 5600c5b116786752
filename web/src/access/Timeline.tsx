/** A request's history: state changes, decisions, messages and attachments, oldest first; post a message or a file. */
import { useState, type FormEvent } from 'react';
import { errorText, when } from '../components/format';
import { accessApi, type RequestDetail, type TimelineItem } from './access-api';

function Item({ item, datasets }: { item: TimelineItem; datasets: RequestDetail['datasets'] }) {
  switch (item.kind) {
    case 'state': {
      const ds = datasets.find((d) => d.catalogueEntryId === item.catalogueEntryId);
      return (
        <>
          <strong>{ds ? `${ds.title}: ` : 'Request: '}</strong>
          {item.from ? `${item.from} → ` : ''}
          {item.to}
          {item.actor && <span className="muted"> by {item.actor.displayName}</span>}
          {item.comment && <blockquote>{item.comment}</blockquote>}
        </>
      );
    }
    case 'message':
      return (
        <>
          <strong>{item.message.author.displayName}</strong> wrote:
          <blockquote>{item.message.text}</blockquote>
        </>
      );
    case 'attachment':
      return (
        <>
          <strong>{item.attachment.uploader.displayName}</strong> attached{' '}
          <a href={item.attachment.downloadUrl}>{item.attachment.fileName}</a>{' '}
          <span className="muted">({Math.ceil(item.attachment.sizeBytes / 1024)} KiB)</span>
        </>
      );
  }
}

export function Timeline({ r, onChange }: { r: RequestDetail; onChange: () => Promise<void> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [file, setFile] = useState<File | null>(null);

  async function send(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await accessApi.sendMessage(r.id, text);
      setText('');
      await onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    try {
      await accessApi.uploadAttachment(r.id, file);
      setFile(null);
      (e.target as HTMLFormElement).reset();
      await onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section className="panel" aria-labelledby="timeline-h">
      <h3 id="timeline-h">Timeline</h3>
      <ol className="timeline" data-testid="timeline">
        {r.timeline.map((item, i) => (
          <li key={i}>
            <span className="muted">{when(item.at)}</span> <Item item={item} datasets={r.datasets} />
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form onSubmit={(e) => void send(e)} className="stack">
        <label htmlFor="msg-text">Message to the requester, committee and representatives</label>
        <textarea id="msg-text" rows={3} required value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Send message</button>
      </form>
      <form onSubmit={(e) => void upload(e)} className="row">
        <div className="grow">
          <label htmlFor="att-file">Attach a file (PDF, PNG or JPEG, e.g. the ethics approval)</label>
          <input
            id="att-file"
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="secondary" disabled={!file}>
          Upload
        </button>
      </form>
    </section>
  );
}
