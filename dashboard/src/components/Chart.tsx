/**
 * One ECharts chart (modular import: only bar and line charts and the components used), with a
 * PNG download in its toolbox and an ARIA description of its data for screen readers.
 */
import { useEffect, useRef } from "preact/hooks";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, TitleComponent, GridComponent, LegendComponent, MarkLineComponent, ToolboxComponent, TooltipComponent, DataZoomComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { EChartsCoreOption } from "echarts/core";

echarts.use([BarChart, LineChart, AriaComponent, TitleComponent, GridComponent, LegendComponent, MarkLineComponent, ToolboxComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export const PALETTE = ["#0b57a4", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d", "#4d7c0f", "#1e3a8a"];
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

interface Props {
  option: EChartsCoreOption;
  /** File name of the PNG download (without .png). */
  name: string;
  /** What the chart shows, for its label and the screen-reader description. */
  title: string;
  height?: number;
}

export function Chart({ option, name, title, height = 320 }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const c = echarts.init(el.current!, undefined, { renderer: "canvas" });
    chart.current = c;
    const resize = () => c.resize();
    addEventListener("resize", resize);
    addEventListener("beforeprint", resize);
    return () => {
      removeEventListener("resize", resize);
      removeEventListener("beforeprint", resize);
      c.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        color: PALETTE,
        textStyle: { fontFamily: FONT, color: "#1f2328" },
        animation: false,
        aria: { enabled: true, label: { description: undefined, general: { withTitle: `这是一个关于“${title}”的图表。`, withoutTitle: "这是一个图表。" } } },
        toolbox: { right: 8, feature: { saveAsImage: { name, title: "下载 PNG", pixelRatio: 2, backgroundColor: "#ffffff" } } },
        tooltip: { trigger: "axis" },
        ...option,
        title: { text: title, show: false },
      },
      { notMerge: true },
    );
  }, [option, name, title]);
  const download = () => {
    const url = chart.current?.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    if (!url) return;
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name}.png`;
    a.click();
  };
  return (
    <figure class="chart">
      <div ref={el} class="chart-canvas" style={{ height: `${height}px` }} role="img" data-chart={name} />
      <figcaption>
        <span>{title}</span>
        <button type="button" class="link-button no-print" onClick={download}>下载 PNG</button>
      </figcaption>
    </figure>
  );
}
