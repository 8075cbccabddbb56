/**
 * The 12-month compliance chart and the gadget's sparkline, drawn by uPlot (canvas, ~20 KB gzipped). Canvas
 * cannot read CSS variables, so the Atlassian design tokens are resolved from the page's computed style and the
 * chart is rebuilt when the host switches light/dark (data-color-mode / data-theme change on <html>).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GetOutcomeTrendOk } from '../../src/contracts/reports';

/** A design token's current value, or `fallback` when the host applied no theme. */
function token(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

type Month = GetOutcomeTrendOk['months'][number];

function chartOptions(months: Month[], width: number, height: number, spark: boolean): uPlot.Options {
  const line = token('--ds-chart-brand', token('--ds-background-brand-bold', '#0c66e4'));
  const text = token('--ds-text-subtle', '#44546f');
  const grid = token('--ds-border', '#091e4224');
  const font = '11px system-ui, sans-serif';
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: !spark, points: { show: !spark } },
    scales: { x: { time: false }, y: { range: [0, 100] } },
    axes: spark
      ? [{ show: false }, { show: false }]
      : [
          {
            stroke: text,
            font,
            grid: { stroke: grid, width: 1 },
            ticks: { stroke: grid },
            values: (_u, splits) => splits.map((i) => months[Math.round(i)]?.month ?? ''),
            incrs: [1],
          },
          {
            stroke: text,
            font,
            grid: { stroke: grid, width: 1 },
            ticks: { stroke: grid },
            values: (_u, splits) => splits.map((v) => `${v}%`),
          },
        ],
    series: [
      {},
      {
        label: 'Compliance %',
        stroke: line,
        width: spark ? 1.5 : 2,
        points: { show: !spark, size: 6, fill: line },
        spanGaps: false,
      },
    ],
  };
}

/**
 * Compliance % per month (null months leave a gap). `spark` draws the gadget's axis-less sparkline.
 * The figures are in the element's aria-label too, for readers that cannot see the canvas.
 */
export function TrendChart({ trend, spark = false, height = 220 }: { trend: GetOutcomeTrendOk; spark?: boolean; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const data: uPlot.AlignedData = [trend.months.map((_m, i) => i), trend.months.map((m) => m.compliancePercent)];
    let plot: uPlot | null = null;
    const draw = () => {
      plot?.destroy();
      const width = Math.max(spark ? 80 : 240, element.clientWidth || (spark ? 160 : 600));
      plot = new uPlot(chartOptions(trend.months, width, height, spark), data, element);
    };
    draw();
    // Redraw with the new token values when the host changes the theme, and at the new width on resize.
    const themeWatch = new MutationObserver(draw);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-color-mode', 'data-theme', 'style'] });
    const resize = new ResizeObserver(() => {
      if (plot && Math.abs(plot.width - element.clientWidth) > 4) draw();
    });
    resize.observe(element);
    return () => {
      themeWatch.disconnect();
      resize.disconnect();
      plot?.destroy();
    };
  }, [trend, spark, height]);
  const summary = trend.months
    .map((m) => `${m.month}: ${m.compliancePercent === null ? 'none decided' : `${m.compliancePercent}%`}`)
    .join(', ');
  return <div ref={host} className={spark ? 'sparkline' : 'trend-chart'} role="img" aria-label={`Compliance per month. ${summary}`} />;
}
