/**
 * In-page render timer for the benchmark (loaded into the preview's /blank page): one render is
 * createElement + append + until the component's wires delivered and it re-rendered + forced layout.
 */
(() => {
  // A macrotask without timer clamping: by then every microtask (data delivery, re-render) has run.
  function nextTask() {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  }

  async function renderOnce(stage, { tag, component, properties }) {
    const { createElement, components, whenIdle, pendingRequests } = window.preview;
    const start = performance.now();
    const element = createElement(tag, { is: components[component] });
    Object.assign(element, properties);
    stage.appendChild(element);
    for (;;) {
      await nextTask();
      if (pendingRequests() === 0) break;
      await whenIdle();
    }
    element.getBoundingClientRect();
    const elapsed = performance.now() - start;
    element.remove();
    return elapsed;
  }

  /** Times each case `runs` times after `warmUp` untimed renders, interleaving cases so they share the load. */
  window.measureRender = async (cases, warmUp, runs) => {
    const stage = document.querySelector('[data-stage]');
    for (const renderCase of cases) for (let i = 0; i < warmUp; i++) await renderOnce(stage, renderCase);
    const results = cases.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (const [index, renderCase] of cases.entries()) results[index].push(await renderOnce(stage, renderCase));
    }
    return results;
  };
})();
