// The Value models page's charts as ECharts options, shaped from GET /analytics/models: pure, so the
// shaping is tested without a canvas.
import type { ModelDiagnostics, ParameterUncertainty } from '../api/types';

type Option = Record<string, unknown>;

export interface ParameterRow {
  name: string;
  value: number;
  /** Null when the fit has no uncertainty. */
  standardError: number | null;
  lower: number | null;
  upper: number | null;
}

/** One row per parameter, in the fit's order, with its standard error and interval where known. */
export function parameterRows(
  params: Record<string, number>,
  uncertainty: ParameterUncertainty | null,
): ParameterRow[] {
  return Object.entries(params).map(([name, value]) => {
    const interval = uncertainty?.intervals[name];
    return {
      name,
      value,
      standardError: uncertainty?.standardErrors[name] ?? null,
      lower: interval?.[0] ?? null,
      upper: interval?.[1] ?? null,
    };
  });
}

export type MatrixKind = 'pAlive' | 'expectedPurchases';

export interface MatrixLabels {
  frequency: string;
  recency: string;
  value: string;
}

/**
 * A heatmap of P(alive) or expected purchases: frequency across, recency (days from the first
 * purchase to the last) up, so that the recent frequent buyers sit top right, as lifetimes draws it.
 */
export function matrixOption(
  grid: ModelDiagnostics['frequencyRecency'],
  kind: MatrixKind,
  labels: MatrixLabels,
): Option {
  const matrix = grid[kind];
  const data: [number, number, number][] = [];
  let max = 0;
  matrix.forEach((row, y) => {
    row.forEach((value, x) => {
      data.push([x, y, value]);
      if (value > max) max = value;
    });
  });
  return {
    // Room below the axis for its name, above it for the recency axis' name, right for the colour scale.
    grid: { left: 8, right: 72, top: 32, bottom: 32, containLabel: true },
    tooltip: { position: 'top' },
    xAxis: {
      type: 'category',
      name: labels.frequency,
      nameLocation: 'middle',
      nameGap: 28,
      data: grid.frequencies.map(String),
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      name: labels.recency,
      // Starts at the axis and runs right, instead of centred on it and cut off at the card's edge.
      nameTextStyle: { align: 'left' },
      data: grid.recencies.map((r) => String(Math.round(r))),
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      // P(alive) is a probability: its scale is 0–1 whatever the data; purchases run to their maximum.
      max: kind === 'pAlive' ? 1 : Math.max(max, 1e-9),
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      precision: 2,
      inRange: { color: ['#f5f3ff', '#7c3aed', '#2e1065'] },
    },
    series: [{ type: 'heatmap', name: labels.value, data }],
  };
}

/** Customers by repeat purchases, seen beside the model's expectation. */
export function histogramOption(
  histogram: ModelDiagnostics['frequencyHistogram'],
  labels: { actual: string; model: string },
): Option {
  return {
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: histogram.frequency },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: labels.actual, data: histogram.actual, itemStyle: { color: '#7c3aed' } },
      {
        type: 'bar',
        name: labels.model,
        data: histogram.model.map((v) => Math.round(v * 10) / 10),
        itemStyle: { color: '#a3a3a3' },
      },
    ],
  };
}

/**
 * Repeat purchases week by week, seen and expected, with a line where the model's training data end:
 * left of it the model saw the purchases, right of it it forecast them.
 */
export function trackingOption(
  tracking: ModelDiagnostics['tracking'],
  labels: { actual: string; model: string; cutoff: string },
): Option {
  const weeks = tracking.weeks;
  const cutoff = weeks.find((w) => w.weekEnd >= tracking.trainingCutoff)?.weekEnd;
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: weeks.map((w) => w.weekEnd) },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'line',
        name: labels.actual,
        data: weeks.map((w) => w.actualWeekly),
        showSymbol: false,
        itemStyle: { color: '#7c3aed' },
        ...(cutoff && {
          markLine: {
            symbol: 'none',
            label: { formatter: labels.cutoff },
            lineStyle: { type: 'dashed', color: '#737373' },
            data: [{ xAxis: cutoff }],
          },
        }),
      },
      {
        type: 'line',
        name: labels.model,
        data: weeks.map((w) => Math.round(w.modelWeekly * 10) / 10),
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        itemStyle: { color: '#525252' },
      },
    ],
  };
}
