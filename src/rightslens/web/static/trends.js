// rightslens trends: draws the counts of the page's JSON block with Chart.js.
// The table under the chart holds the same numbers; without JavaScript it is all there is.
"use strict";

(() => {
  const block = document.getElementById("trend-data");
  const canvas = document.getElementById("trend-chart");
  if (!block || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(block.textContent);
  if (!data.datasets || data.datasets.length === 0) {
    return;
  }
  const palette = ["#1f5fa8", "#a8231f", "#2e7d32", "#b26a00", "#6a3fa0", "#00838f",
    "#5b6474", "#c2185b", "#827717", "#4e342e"];
  const figure = canvas.closest("figure");
  figure.hidden = false;
  const chart = new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: data.datasets.map((line, index) => ({
        label: line.label,
        data: line.data,
        borderColor: palette[index % palette.length],
        backgroundColor: palette[index % palette.length],
        spanGaps: false,
        tension: 0, // straight lines: a curve would invent values between years
        hidden: index >= 8,  // many lines are unreadable: the largest eight show at first
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });

  // The picture as a PNG file named after what it counts.
  const words = Object.values(data.filters || {}).filter(Boolean).map(String);
  const name = ["trend", ...words].join("-").replace(/[^\w.-]+/g, "_").slice(0, 120);
  document.getElementById("trend-save").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = chart.toBase64Image();
    link.download = `${name}.png`;
    link.click();
  });
})();
