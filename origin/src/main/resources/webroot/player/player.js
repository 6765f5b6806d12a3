// Prism demo player (served at /player only by `prism demo`). No build step, no internet access needed.
//
// 1. GET  /player/config.json  -> default asset id, which player libraries this build holds
// 2. GET  /player/dev-token    -> a development viewer JWT
// 3. POST /play/{assetId}      (Authorization: Bearer <JWT>, credentials: 'include')
//                              -> Set-Cookie CloudFront-Policy/-Signature/-Key-Pair-Id (Path=/v1/{assetId}/)
//                                 and {assetId, hls, dash, expiresAt, ...}
// 4. play the HLS multivariant playlist with hls.js or the DASH MPD with dash.js; the browser sends the
//    cookies with every /v1/{assetId}/... request (same origin; withCredentials also covers a CDN origin).
//
// Query string: ?asset=ID (default from config.json) &protocol=hls|dash (default hls) &mint=0 (skip the
// mint: play as a hotlinker would, which the gate answers with 403s).
//
// window.prism is the page's state, read by the end-to-end test and handy in the console.

const ASSET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);
const video = $('video');

const state = {
  phase: 'starting', // starting | minting | loading | playing | error
  assetId: null,
  protocol: null,
  library: null,
  minted: false,
  mint: null, // the last POST /play body
  mints: 0, // how many grants this page minted (renewals included)
  errors: [], // player and entitlement errors
  notices: [], // what this build lacks (e.g. dash.js when npm was absent), and what is offered instead
  renditions: [], // video renditions: {index, id, width, height, bitrateBps, label}
  selected: 'auto',
  currentRendition: null, // index into renditions
  fetchedRenditions: [], // indexes of renditions with at least one media segment loaded
  selectRendition: (value) => selectRendition(value),
  stats: () => stats(),
};
window.prism = state;

let adapter = null; // {name, version, select(index|-1), current(), bandwidthBps(), destroy()}

// ---------------------------------------------------------------------------------------------- UI

function log(message, level = 'info') {
  const li = document.createElement('li');
  li.className = level;
  li.textContent = `${new Date().toISOString().slice(11, 23)}  ${message}`;
  const list = $('log');
  list.appendChild(li);
  while (list.children.length > 200) list.removeChild(list.firstChild);
  list.scrollTop = list.scrollHeight;
  (level === 'error' ? console.error : level === 'warn' ? console.warn : console.log)('[prism]', message);
}

function setPhase(phase) {
  state.phase = phase;
  const cell = $('stat-state');
  cell.dataset.state = phase;
  cell.textContent = phase;
}

function notice(text, kind = 'warn') {
  const box = $('notice');
  box.hidden = false;
  box.className = `notice ${kind}`;
  box.textContent = text;
}

function fail(message) {
  state.errors.push(message);
  setPhase('error');
  notice(message, 'error');
  log(message, 'error');
}

function fmtBps(bps) {
  if (!Number.isFinite(bps) || bps <= 0) return '–';
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mbps` : `${Math.round(bps / 1e3)} kbps`;
}

function renditionLabel(r) {
  const size = r.height ? `${r.height}p` : r.id;
  return `${size} · ${fmtBps(r.bitrateBps)}`;
}

function bufferAheadSeconds() {
  const t = video.currentTime;
  for (let i = 0; i < video.buffered.length; i++) {
    if (video.buffered.start(i) <= t + 0.1 && t < video.buffered.end(i)) return video.buffered.end(i) - t;
  }
  return 0;
}

function stats() {
  const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
  const current = adapter ? adapter.current() : null;
  return {
    phase: state.phase,
    currentTime: video.currentTime,
    rendition: current === null || current < 0 ? null : state.renditions[current] || null,
    bandwidthBps: adapter ? adapter.bandwidthBps() : null,
    bufferSeconds: bufferAheadSeconds(),
    droppedFrames: quality ? quality.droppedVideoFrames : null,
    totalFrames: quality ? quality.totalVideoFrames : null,
  };
}

function renderStats() {
  const s = stats();
  if (s.rendition) {
    state.currentRendition = s.rendition.index;
    const mode = state.selected === 'auto' ? 'auto' : 'fixed';
    $('stat-rendition').textContent =
      `${s.rendition.width}×${s.rendition.height} · ${fmtBps(s.rendition.bitrateBps)} (${mode})`;
  }
  $('stat-bandwidth').textContent = fmtBps(s.bandwidthBps);
  $('stat-buffer').textContent = `${s.bufferSeconds.toFixed(1)} s`;
  $('stat-dropped').textContent = s.totalFrames === null ? '–' : `${s.droppedFrames} of ${s.totalFrames}`;
  $('stat-time').textContent = Number.isFinite(video.duration)
    ? `${video.currentTime.toFixed(1)} / ${video.duration.toFixed(1)} s`
    : `${video.currentTime.toFixed(1)} s`;
}

function setRenditions(list) {
  state.renditions = list.map((r, index) => ({ ...r, index, label: renditionLabel(r) }));
  const select = $('rendition');
  select.replaceChildren(new Option('Auto (ABR)', 'auto'));
  state.renditions.forEach((r) => select.appendChild(new Option(r.label, String(r.index))));
  select.value = state.selected;
  select.disabled = state.renditions.length === 0;
  log(`${state.renditions.length} video renditions: ${state.renditions.map((r) => r.label).join(', ')}`);
}

function markFetched(index) {
  if (index === null || index === undefined || index < 0) return;
  if (!state.fetchedRenditions.includes(index)) {
    state.fetchedRenditions.push(index);
    const r = state.renditions[index];
    log(`first segment of rendition ${r ? r.label : index} loaded`);
  }
}

function selectRendition(value) {
  const index = value === 'auto' || value === -1 ? -1 : Number(value);
  if (!adapter) return false;
  state.selected = index < 0 ? 'auto' : String(index);
  $('rendition').value = state.selected;
  adapter.select(index);
  log(index < 0 ? 'rendition: auto (ABR)' : `rendition fixed to ${state.renditions[index].label}`);
  return true;
}

// ------------------------------------------------------------------------------------------- loading

async function fetchJson(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) {
    const error = new Error(`${init && init.method ? init.method : 'GET'} ${url}: HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

// Cookies were set for this page's origin; when the mint names another origin (the CDN of
// delivery.publicBaseUrls) that this page does not share, play the same path here.
function sameOriginUrl(url) {
  const resolved = new URL(url, location.href);
  if (resolved.origin === location.origin) return resolved.href;
  log(`mint named ${resolved.origin}; playing the same path on ${location.origin}, where the cookies are`, 'warn');
  return new URL(resolved.pathname + resolved.search, location.href).href;
}

// Steps 2 and 3: a development token, then POST /play, whose Set-Cookie the browser keeps for
// /v1/{assetId}/. Returns the mint's JSON body.
async function mintCookies(assetId) {
  const { token } = await fetchJson('dev-token');
  if (state.mints === 0) log('development viewer token received from /player/dev-token');
  const mint = await fetchJson(`/play/${encodeURIComponent(assetId)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    credentials: 'include',
  });
  state.minted = true;
  state.mint = mint;
  state.mints += 1;
  $('stat-expires').textContent = mint.expiresAt ? new Date(mint.expiresAt).toLocaleTimeString() : '–';
  log(`signed cookies ${state.mints > 1 ? 'renewed' : 'minted'} for /v1/${assetId}/ until ${mint.expiresAt || '?'}`);
  return mint;
}

// The grant is short-lived (entitlement.cookieTtl, 5 min by default): mint again before it expires,
// as a viewer app would, so a paused or replayed video does not meet 403s.
function scheduleRenewal(assetId, mint) {
  const expiresMs = Number.isFinite(mint.expiresEpochSeconds)
    ? mint.expiresEpochSeconds * 1000
    : Date.parse(mint.expiresAt);
  if (!Number.isFinite(expiresMs)) return;
  const lifetimeMs = expiresMs - Date.now();
  const delayMs = Math.max(2000, lifetimeMs - Math.min(60000, lifetimeMs / 5));
  setTimeout(async () => {
    try {
      scheduleRenewal(assetId, await mintCookies(assetId));
    } catch (e) {
      log(`renewing the signed cookies failed (${e.message}); retrying in 10 s`, 'warn');
      setTimeout(() => scheduleRenewal(assetId, { expiresEpochSeconds: Date.now() / 1000 + 12 }), 0);
    }
  }, delayMs);
}

// ------------------------------------------------------------------------------------------- players

function startHls(url) {
  const Hls = window.Hls;
  if (!Hls.isSupported()) {
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      log('MSE unavailable: using the browser\'s native HLS (no rendition selector)', 'warn');
      video.src = url;
      return { name: 'native HLS', version: '', select() {}, current: () => null, bandwidthBps: () => null };
    }
    throw new Error('this browser supports neither Media Source Extensions nor native HLS');
  }
  const hls = new Hls({
    // Same origin: cookies flow anyway. Behind a CDN on another origin, withCredentials sends them.
    xhrSetup: (xhr) => {
      xhr.withCredentials = true;
    },
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    setRenditions(hls.levels.map((l) => ({
      id: l.url && l.url[0] ? new URL(l.url[0], url).pathname : String(l.id),
      width: l.width, height: l.height, bitrateBps: l.bitrate,
    })));
    video.play().catch((e) => log(`autoplay blocked (${e.name}); press play`, 'warn'));
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => {
    const r = state.renditions[data.level];
    log(`now playing rendition ${r ? r.label : data.level}`);
  });
  hls.on(Hls.Events.FRAG_LOADED, (_, data) => {
    if (data.frag.type === 'main' && data.frag.sn !== 'initSegment') markFetched(data.frag.level);
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    const status = data.response && data.response.code ? ` (HTTP ${data.response.code})` : '';
    const what = `hls.js ${data.type}/${data.details}${status}`;
    if (data.fatal) {
      fail(`${what}: playback stopped.${status.includes('403') ? ' The origin refused the request: no valid signed cookie.' : ''}`);
      hls.destroy();
    } else {
      log(what, 'warn');
    }
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    name: 'hls.js',
    version: Hls.version,
    select: (index) => {
      hls.currentLevel = index; // -1 returns to ABR; otherwise switch now (flushes the buffer ahead)
    },
    current: () => hls.currentLevel,
    bandwidthBps: () => hls.bandwidthEstimate,
  };
}

function startDash(url) {
  const dashjs = window.dashjs;
  const player = dashjs.MediaPlayer().create();
  const events = dashjs.MediaPlayer.events;
  player.updateSettings({
    debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING },
    streaming: { abr: { autoSwitchBitrate: { video: true } } },
  });
  player.setXHRWithCredentialsForType(undefined, true); // every request type; see startHls
  let ids = [];
  player.on(events.STREAM_INITIALIZED, () => {
    const reps = player.getRepresentationsByType('video');
    ids = reps.map((r) => r.id);
    setRenditions(reps.map((r) => ({ id: r.id, width: r.width, height: r.height, bitrateBps: r.bandwidth })));
  });
  player.on(events.QUALITY_CHANGE_RENDERED, (e) => {
    if (e.mediaType === 'video' && e.newRepresentation) {
      const index = ids.indexOf(e.newRepresentation.id);
      const r = state.renditions[index];
      log(`now playing rendition ${r ? r.label : e.newRepresentation.id}`);
    }
  });
  player.on(events.FRAGMENT_LOADING_COMPLETED, (e) => {
    const request = e.request;
    if (request && !e.error && (e.mediaType || request.mediaType) === 'video' && request.type === 'MediaSegment') {
      // dash.js 5 carries the Representation; 4.x carried representationId.
      markFetched(ids.indexOf(request.representation ? request.representation.id : request.representationId));
    }
  });
  player.on(events.ERROR, (e) => {
    const error = e.error || {};
    fail(`dash.js error ${error.code}: ${error.message || 'unknown'}`);
  });
  player.on(events.PLAYBACK_ERROR, (e) => fail(`dash.js playback error: ${e.error ? e.error.message || e.error : 'unknown'}`));
  player.initialize(video, url, true);
  return {
    name: 'dash.js',
    version: player.getVersion(),
    select: (index) => {
      if (index < 0) {
        player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: true } } } });
      } else {
        player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
        player.setRepresentationForTypeByIndex('video', index, true);
      }
    },
    current: () => {
      const r = player.getCurrentRepresentationForType('video');
      return r ? ids.indexOf(r.id) : null;
    },
    bandwidthBps: () => {
      const kbps = player.getAverageThroughput('video');
      return Number.isFinite(kbps) ? kbps * 1000 : null;
    },
  };
}

// ---------------------------------------------------------------------------------------------- main

function renderProtocols(config, protocol) {
  for (const name of ['hls', 'dash']) {
    const link = $(`protocol-${name}`);
    const query = new URLSearchParams(params);
    query.set('protocol', name);
    if (state.assetId) query.set('asset', state.assetId);
    link.href = `?${query}`;
    link.classList.toggle('active', name === protocol);
    if (!config.libraries[name]) {
      link.classList.add('unavailable');
      link.title = config.missing[name];
      link.removeAttribute('href');
    }
  }
  const footer = $('libraries');
  footer.replaceChildren();
  ['hls', 'dash'].map((name) => config.libraries[name]).filter(Boolean).forEach((l, i) => {
    if (i > 0) footer.append(' · ');
    const link = document.createElement('a');
    link.href = l.license;
    link.textContent = `${l.name} ${l.version}`;
    footer.append(link, ` (${l.source})`);
  });
  if (!footer.childNodes.length) footer.textContent = 'none installed';
}

async function main() {
  const config = await fetchJson('config.json');
  const assetId = params.get('asset') || config.defaultAssetId;
  if (!ASSET_ID.test(assetId)) {
    fail(`"${assetId}" is not a valid asset id`);
    return;
  }
  state.assetId = assetId;
  $('asset-id').textContent = assetId;
  document.title = `Prism player · ${assetId}`;

  const wanted = params.get('protocol') === 'dash' ? 'dash' : 'hls';
  let protocol = wanted;
  const missing = Object.values(config.missing);
  if (!config.libraries[protocol]) {
    const other = protocol === 'hls' ? 'dash' : 'hls';
    protocol = config.libraries[other] ? other : null;
  }
  renderProtocols(config, protocol);
  if (missing.length) {
    notice(missing.join(' ') + (protocol ? ` Playing ${protocol.toUpperCase()}, which works.` : ''));
    missing.forEach((m) => log(m, 'warn'));
  }
  if (!protocol) {
    fail('No player library is installed, so nothing can play here. ' + missing.join(' '));
    return;
  }
  state.notices.push(...missing);
  state.protocol = protocol;

  let urls = { hls: `/v1/${assetId}/hls/index.m3u8`, dash: `/v1/${assetId}/dash/index.mpd` };
  if (params.get('mint') === '0') {
    log('not minting (?mint=0): requesting media without signed cookies, as a hotlinker would', 'warn');
  } else {
    setPhase('minting');
    let mint;
    try {
      mint = await mintCookies(assetId);
    } catch (e) {
      fail(`the entitlement service refused: ${e.message}`);
      return;
    }
    urls = { hls: mint.hls || urls.hls, dash: mint.dash || urls.dash };
    scheduleRenewal(assetId, mint);
  }

  setPhase('loading');
  const library = config.libraries[protocol];
  await loadScript(library.script);
  const url = sameOriginUrl(urls[protocol]);
  log(`loading ${url} with ${library.name} ${library.version}`);
  adapter = protocol === 'hls' ? startHls(url) : startDash(url);
  state.library = { name: adapter.name, version: adapter.version };
  $('stat-player').textContent = `${adapter.name} ${adapter.version}`.trim();

  $('rendition').addEventListener('change', (e) => selectRendition(e.target.value));
  video.addEventListener('playing', () => {
    if (state.phase !== 'error') setPhase('playing');
  });
  video.addEventListener('waiting', () => log('buffering…'));
  video.addEventListener('error', () => {
    const error = video.error;
    fail(`video element error ${error ? error.code : ''}: ${error && error.message ? error.message : 'media error'}`);
  });
  setInterval(renderStats, 500);
}

main().catch((e) => fail(e.message || String(e)));
