// Reveals per day and per person, under the screen's filter. A bar is a way
// in: clicking a day's bar, or a person's, sets the filter to that day or
// person, and the register and review items below follow. The same numbers
// are a table whose rows are buttons, for the keyboard and screen readers.
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RevealTimeline } from '../../../../shared/api/contract.js';
import { formatCount, formatDate } from '../../lib/format.js';

/** The datum of a clicked bar (recharts passes the rectangle, whose payload is the row). */
function datum<T>(bar: unknown): T | undefined {
  return (bar as { payload?: T } | undefined)?.payload;
}

export function RevealCharts({ tl, onDay, onActor }: { tl: RevealTimeline; onDay: (day: string) => void; onActor: (actor: string) => void }) {
  const { t } = useTranslation('reveals');
  const busiest = tl.byDay.reduce((a, b) => (b.count > a.count ? b : a), tl.byDay[0]!);
  const top = tl.byActor[0];
  return (
    <>
      <p className="muted" data-testid="reveals-summary">
        {t('timeline.summary', {
          reveals: t('timeline.reveals', { count: tl.total }),
          days: t('timeline.days', { count: tl.byDay.length }),
          people: t('timeline.people', { count: tl.byActor.length }),
          day: formatDate(busiest.day),
          n: formatCount(busiest.count),
        })}
        {top ? ` ${t('timeline.top', { actor: top.actor, n: formatCount(top.count) })}` : ''}
      </p>
      <p className="muted small">{t('timeline.drillHint')}</p>
      <div className="charts">
        <figure className="chart" aria-label={t('timeline.perDayLabel')} data-testid="chart-per-day">
          <figcaption>{t('timeline.perDay')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={tl.byDay} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#e4e7ec" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11, fill: '#475467' }} minTickGap={24} tickFormatter={(d: string) => formatDate(d)} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: '#475467' }} width={36} tickFormatter={(n: number) => formatCount(n)} />
              <Tooltip cursor={{ fill: '#eef2f6' }} contentStyle={{ fontSize: 12 }} itemStyle={{ color: '#1b2330' }} labelFormatter={(d) => formatDate(String(d))} formatter={(n) => formatCount(Number(n))} />
              <Bar
                dataKey="count"
                name={t('timeline.barName')}
                fill="#2f5d9e"
                isAnimationActive={false}
                cursor="pointer"
                onClick={(bar) => {
                  const d = datum<{ day: string }>(bar);
                  if (d) onDay(d.day);
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart" aria-label={t('timeline.perPersonLabel')} data-testid="chart-per-person">
          <figcaption>{t('timeline.perPerson')}</figcaption>
          <ResponsiveContainer width="100%" height={Math.max(120, 28 * Math.min(tl.byActor.length, 12) + 30)}>
            <BarChart data={tl.byActor.slice(0, 12)} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
              <CartesianGrid stroke="#e4e7ec" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: '#475467' }} tickFormatter={(n: number) => formatCount(n)} />
              <YAxis type="category" dataKey="actor" width={120} tick={{ fontSize: 11, fill: '#344054' }} />
              <Tooltip cursor={{ fill: '#eef2f6' }} contentStyle={{ fontSize: 12 }} itemStyle={{ color: '#1b2330' }} formatter={(n) => formatCount(Number(n))} />
              <Bar
                dataKey="count"
                name={t('timeline.barName')}
                fill="#5b7fb3"
                isAnimationActive={false}
                cursor="pointer"
                onClick={(bar) => {
                  const d = datum<{ actor: string }>(bar);
                  if (d) onActor(d.actor);
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <details className="chart-table">
        <summary>{t('timeline.asTable')}</summary>
        <div className="charts">
          <CountTable caption={t('timeline.perPersonLabel')} head={t('timeline.person')} rows={tl.byActor.map((a) => ({ key: a.actor, label: a.actor, count: a.count }))} onPick={onActor} pickLabel={(l) => t('timeline.showPerson', { actor: l })} />
          <CountTable caption={t('timeline.perDayLabel')} head={t('timeline.day')} rows={tl.byDay.map((d) => ({ key: d.day, label: formatDate(d.day), count: d.count }))} onPick={onDay} pickLabel={(l) => t('timeline.showDay', { day: l })} />
        </div>
      </details>
    </>
  );
}

function CountTable({
  caption,
  head,
  rows,
  onPick,
  pickLabel,
}: {
  caption: string;
  head: string;
  rows: { key: string; label: string; count: number }[];
  onPick: (key: string) => void;
  pickLabel: (label: string) => string;
}) {
  const { t } = useTranslation('reveals');
  return (
    <table className="table table-compact">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            {t('timeline.barName')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>
              <button type="button" className="link-btn" aria-label={pickLabel(r.label)} onClick={() => onPick(r.key)}>
                {r.label}
              </button>
            </td>
            <td className="num">{formatCount(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
