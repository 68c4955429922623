import type { EChartsType, init } from 'echarts/core';
import { useEffect, useRef } from 'react';

export type ChartOption = Record<string, unknown>;
export interface ChartClick {
  dataIndex: number;
  seriesIndex?: number;
  data?: unknown;
}

interface ChartProps {
  /** The page's own ECharts build: only the chart types it draws, loaded when the first chart mounts. */
  load: () => Promise<{ init: typeof init }>;
  option: ChartOption;
  /** What the chart shows, for screen readers (a canvas says nothing by itself). */
  label: string;
  onClick?: (event: ChartClick) => void;
  className?: string;
}

/**
 * One ECharts canvas. `data-rendered` is set once the first frame is drawn, which the end-to-end test
 * and the web benchmark wait for.
 */
export function Chart({ load, option, label, onClick, className = 'chart' }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  // The latest option, for the chart made once ECharts has loaded; later changes go through setOption.
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    const resize = () => chart.current?.resize();
    void load().then(({ init }) => {
      if (disposed || !element.current) return;
      const instance = init(element.current, undefined, { renderer: 'canvas' });
      instance.on('finished', () => element.current?.setAttribute('data-rendered', 'true'));
      instance.on('click', (event) => click.current?.(event as ChartClick));
      chart.current = instance;
      instance.setOption(latest.current);
      window.addEventListener('resize', resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, [load]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className={className} role="img" aria-label={label} />;
}
