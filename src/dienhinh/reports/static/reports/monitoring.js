// The monitoring page's charts, drawn by Chart.js from the same data as the tables beside
// them (the "monitoring-data" JSON element); without script the tables are the page.
(() => {
  const dataNode = document.getElementById("monitoring-data");
  const labelNode = document.getElementById("monitoring-labels");
  if (!dataNode || !labelNode || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(dataNode.textContent);
  const labels = JSON.parse(labelNode.textContent);
  const colours = {
    on_time: "#1d6b35",
    late: "#c47f00",
    missing: "#a1141b",
    not_yet_due: "#8c96a0",
    exempt: "#3a6ea5",
    dossiers: "#b3131b",
    selected: "#1d6b35",
    stories: "#3a6ea5",
    reports: "#1b1f24",
    meetings: "#c47f00",
    seminars: "#6b3fa0",
    seminars_attended: "#2f8f8a",
  };
  const statusKeys = ["on_time", "late", "missing", "not_yet_due", "exempt"];

  const dataset = (rows, key, extra = {}) => ({
    label: labels[key],
    data: rows.map((row) => row[key]),
    backgroundColor: colours[key],
    borderColor: colours[key],
    ...extra,
  });

  // Horizontal bars grow with their rows so that long unit names stay readable at 360 px.
  const sizeBox = (canvas, rows) => {
    const box = canvas.parentElement;
    box.style.height = `${Math.max(12, rows * 2.2 + 6)}rem`;
  };

  // Long unit names are cut on the axis (the tooltip and the table give them whole).
  const shortLabel = function (value) {
    const label = this.getLabelForValue(value);
    return label.length > 26 ? `${label.slice(0, 25)}…` : label;
  };

  const horizontal = (canvas, rows, keys, stacked) => {
    sizeBox(canvas, rows.length);
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: rows.map((row) => row.name), datasets: keys.map((key) => dataset(rows, key)) },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked, ticks: { autoSkip: false, callback: shortLabel } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  };

  const draw = {
    children: (canvas) => horizontal(canvas, data.children, statusKeys, true),
    groups: (canvas) => horizontal(canvas, data.groups, statusKeys, true),
    fields: (canvas) => horizontal(canvas, data.fields, ["dossiers", "selected", "stories"], false),
    months: (canvas) =>
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: data.months.map((row) => row.name),
          datasets: [
            "reports",
            "dossiers",
            "stories",
            "meetings",
            "seminars",
            "seminars_attended",
          ].map((key) => dataset(data.months, key, { tension: 0.2 })),
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } },
        },
      }),
  };

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const make = draw[canvas.dataset.chart];
    if (make) {
      make(canvas);
    }
  });
})();
