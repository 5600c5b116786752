/**
 * The user's past searches, newest first: when, what was asked, how many sites answered. Opening
 * one shows its stored result (a link, /search?id=…); "Load query" puts its criteria back into
 * the builder.
 */
import { Link } from 'react-router-dom';
import { when } from '../../components/format';
import { describeQuery, fromLensAst, type FieldDef, type Row } from './query';
import type { SearchSummary } from './results';

interface Props {
  searches: SearchSummary[];
  fields: Map<string, FieldDef>;
  current: string | undefined;
  onLoadQuery: (rows: Row[]) => void;
}

export function SearchHistory({ searches, fields, current, onLoadQuery }: Props) {
  if (searches.length === 0) return <p className="muted">No searches yet.</p>;
  return (
    <table data-testid="search-history">
      <thead>
        <tr>
          <th>Time</th>
          <th>Query</th>
          <th>Sites answered</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {searches.map((s) => (
          <tr
            key={s.id}
            data-testid={`history-${s.id}`}
            className={s.id === current ? 'selected' : undefined}
          >
            <td>
              <Link to={`/search?id=${s.id}`}>{when(s.created_at)}</Link>
            </td>
            <td>{describeQuery(fromLensAst(s.query, fields), fields)}</td>
            <td>
              {s.answered} / {s.nodes}
            </td>
            <td>{s.status}</td>
            <td>
              <button
                type="button"
                className="secondary small"
                onClick={() => onLoadQuery(fromLensAst(s.query, fields))}
              >
                Load query
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
