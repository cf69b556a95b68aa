/**
 * One ECharts chart, with a PNG download in its toolbox and an ARIA description of its data for
 * screen readers. ECharts is loaded apart (its own chunk) so that figures and tables show before it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { EChartsCoreOption, ECharts } from "echarts/core";

let loading: Promise<typeof import("echarts/core")> | null = null;
function loadECharts() {
  loading ??= import("../charts/echarts").then((m) => m.echarts);
  return loading;
}

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
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    let c: ECharts | null = null;
    const resize = () => c?.resize();
    loadECharts().then((echarts) => {
      if (!live || !el.current) return;
      c = echarts.init(el.current, undefined, { renderer: "canvas" });
      chart.current = c;
      setReady(true);
    });
    addEventListener("resize", resize);
    addEventListener("beforeprint", resize);
    return () => {
      live = false;
      removeEventListener("resize", resize);
      removeEventListener("beforeprint", resize);
      c?.dispose();
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
  }, [option, name, title, ready]);
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
      <div ref={el} class="chart-canvas" style={{ height: `${height}px` }} role="img" aria-label={title} data-chart={name} />
      <figcaption>
        <span>{title}</span>
        <button type="button" class="link-button no-print" onClick={download}>下载 PNG</button>
      </figcaption>
    </figure>
  );
}
