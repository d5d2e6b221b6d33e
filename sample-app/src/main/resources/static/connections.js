/*
 * Live view of the dbconnections actuator endpoint: polls it every second and redraws each
 * DataSource's connections, counters, findings and settings.
 *
 * Every value from the endpoint is written with textContent, never as HTML, because finding
 * messages and init SQL are free text.
 */
'use strict';

(function () {

	// Relative, so that the page also works when the application runs under a context path.
	const ENDPOINT = 'actuator/dbconnections';

	const POLL_MILLIS = 1000;

	// A request that hangs must not stop the polling: give up on it well before the page looks frozen.
	const TIMEOUT_MILLIS = 3000;

	// An age bar turns amber from this fraction of conn-max-age, so a connection about to be
	// replaced stands out before it is.
	const NEARLY_OLD = 0.8;

	const CLOSE_REASONS = [
		['max-age', 'reached db.conn-max-age'],
		['error', 'lost, or unusable after an error'],
		['health-check', 'failed its health check'],
		['open-transaction', 'left in a transaction, rolled back'],
		['explicit', 'closed on request (endpoint POST)'],
		['shutdown', 'application shutting down'],
	];

	const root = document.getElementById('data-sources');
	const countElement = document.getElementById('connection-count');
	const countLabel = document.getElementById('connection-count-label');
	const statusPill = document.getElementById('poll-status');
	const statusText = document.getElementById('poll-status-text');
	const updatedAt = document.getElementById('updated-at');
	const banner = document.getElementById('unreachable');
	const bannerReason = document.getElementById('unreachable-reason');

	// Difference between the server's clock and this browser's, from the Date header, so that
	// "checked 3 s ago" is right even when the two machines disagree about the time.
	let clockSkewMillis = 0;

	let lastSuccess = null;

	function el(tag, attributes, ...children) {
		const element = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			if (value === undefined || value === null || value === false) {
				continue;
			}
			if (name === 'className') {
				element.className = value;
			}
			else if (name === 'style') {
				Object.assign(element.style, value);
			}
			else {
				element.setAttribute(name, value === true ? '' : String(value));
			}
		}
		for (const child of children.flat(Infinity)) {
			if (child === undefined || child === null || child === false) {
				continue;
			}
			element.append(child instanceof Node ? child : document.createTextNode(String(child)));
		}
		return element;
	}

	function plural(count, one, many) {
		return count + ' ' + (count === 1 ? one : many);
	}

	function isNumber(value) {
		return typeof value === 'number' && Number.isFinite(value);
	}

	// Ages tick every second, so they keep one decimal in seconds and drop it in minutes. Seconds go
	// up to two minutes so that an age just past a conn-max-age of 60 s reads as 61.2 s, not 1 min 01 s.
	function formatAge(seconds) {
		if (!isNumber(seconds)) {
			return '–';
		}
		if (seconds < 120) {
			return seconds.toFixed(1) + ' s';
		}
		const whole = Math.floor(seconds);
		if (whole < 3600) {
			return Math.floor(whole / 60) + ' min ' + String(whole % 60).padStart(2, '0') + ' s';
		}
		return Math.floor(whole / 3600) + ' h ' + String(Math.floor(whole / 60) % 60).padStart(2, '0') + ' min';
	}

	// Settings are whole numbers a person wrote, so show them the way they would write them.
	function formatSetting(seconds) {
		if (!isNumber(seconds)) {
			return String(seconds);
		}
		if (seconds >= 3600 && seconds % 3600 === 0) {
			return (seconds / 3600) + ' h';
		}
		if (seconds >= 120 && seconds % 60 === 0) {
			return (seconds / 60) + ' min';
		}
		return seconds + ' s';
	}

	function formatClock(date) {
		return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
	}

	function formatSince(isoTimestamp) {
		const at = Date.parse(isoTimestamp);
		if (Number.isNaN(at)) {
			return String(isoTimestamp);
		}
		const seconds = Math.max(0, (Date.now() + clockSkewMillis - at) / 1000);
		if (seconds < 1) {
			return 'just now';
		}
		return formatAge(seconds).replace(/\.\d s$/, ' s') + ' ago';
	}

	/**
	 * How age bars are scaled for one DataSource: against conn-max-age when it is positive,
	 * otherwise against the oldest connection shown.
	 */
	function ageScale(maxAge, connections) {
		const oldest = connections.reduce((max, c) => Math.max(max, isNumber(c.ageSeconds) ? c.ageSeconds : 0), 0);
		if (isNumber(maxAge) && maxAge > 0) {
			return {
				full: maxAge,
				limited: true,
				note: ['Bars fill at ', el('code', {}, 'db.conn-max-age'), ' = ' + formatSetting(maxAge) +
					' and turn amber from ' + Math.round(NEARLY_OLD * 100) + ' %. A connection that reaches it is ' +
					'closed when its request ends, or replaced before its next one.'],
			};
		}
		// With nothing to measure against, the oldest connection makes the longest bar; a floor
		// keeps a brand-new connection from filling its bar in its first second.
		const full = Math.max(oldest, 1);
		if (maxAge === 0) {
			return {
				full,
				limited: false,
				note: [el('code', {}, 'db.conn-max-age'), ' = 0: connections are closed after each request, so rows ' +
					'here are requests in progress, or connections used outside requests, where 0 does not apply. ' +
					'Bars are scaled against the oldest (' + formatAge(oldest) + ').'],
			};
		}
		return {
			full,
			limited: false,
			note: [el('code', {}, 'db.conn-max-age'), ' = unlimited: connections are kept until they fail or the pool ' +
				'retires them (max-lifetime), so bars are scaled against the oldest connection (' + formatAge(oldest) +
				'), not against a limit.'],
		};
	}

	function healthCell(check, healthChecksOn) {
		if (!check) {
			return el('span', { className: 'muted' }, healthChecksOn ? 'not checked yet' : 'checks off');
		}
		const passed = check.passed === true;
		return el('span', { className: 'health ' + (passed ? 'health-ok' : 'health-failed'), title: check.at },
			el('span', { className: 'health-mark', 'aria-hidden': 'true' }, passed ? '✓' : '✗'),
			(passed ? 'passed ' : 'failed ') + formatSince(check.at));
	}

	function connectionRow(connection, scale, healthChecksOn) {
		const age = isNumber(connection.ageSeconds) ? connection.ageSeconds : 0;
		const fraction = Math.min(age / scale.full, 1);
		const inUse = connection.state === 'in-use';
		let level = 'young';
		let overdue = null;
		if (scale.limited && age >= scale.full) {
			level = 'over';
			overdue = inUse ? 'past max age: closed when its request ends' : 'past max age: replaced before its next use';
		}
		else if (scale.limited && fraction >= NEARLY_OLD) {
			level = 'old';
		}
		const state = inUse ? 'in use' : 'idle';
		return el('tr', {
			className: 'connection ' + (inUse ? 'is-in-use' : 'is-idle'),
			'data-connection-id': connection.id,
			'data-state': connection.state,
			'data-age-seconds': connection.ageSeconds,
			'data-units-served': connection.unitsServed,
		},
		el('td', { className: 'col-id' }, '#' + connection.id),
		el('td', { className: 'col-state' }, el('span', { className: 'state state-' + connection.state }, el('span', { className: 'dot' }), state)),
		el('td', { className: 'col-age' },
			el('div', { className: 'age' },
				el('div', { className: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': scale.full, 'aria-valuenow': age, 'aria-label': 'age' },
					el('div', { className: 'bar-fill bar-' + level, style: { width: (fraction * 100).toFixed(2) + '%' } })),
				el('span', { className: 'age-text' }, formatAge(age),
					scale.limited ? el('span', { className: 'muted' }, ' / ' + formatSetting(scale.full)) : null)),
			overdue ? el('div', { className: 'overdue' }, overdue) : null),
		el('td', { className: 'col-units num' }, isNumber(connection.unitsServed) ? connection.unitsServed.toLocaleString() : '–'),
		el('td', { className: 'col-health' }, healthCell(connection.lastHealthCheck, healthChecksOn)));
	}

	function connectionsPanel(settings, connections) {
		const scale = ageScale(settings.connMaxAge, connections);
		const body = connections.length > 0
			? el('tbody', {}, connections.map((c) => connectionRow(c, scale, settings.connHealthChecks !== false)))
			: el('tbody', {}, el('tr', { className: 'empty' }, el('td', { colspan: 5 },
				'No open connections. A connection appears here once a request has used the database.')));
		return el('section', { className: 'panel panel-connections' },
			el('table', { className: 'connections' },
				el('thead', {}, el('tr', {},
					el('th', { className: 'col-id' }, 'id'),
					el('th', { className: 'col-state' }, 'state'),
					el('th', { className: 'col-age' }, 'age'),
					el('th', { className: 'col-units num' }, 'units served'),
					el('th', { className: 'col-health' }, 'last health check'))),
				body),
			el('p', { className: 'scale-note muted', 'data-conn-max-age': settings.connMaxAge }, scale.note));
	}

	function tile(label, value, detail, modifier) {
		return el('div', { className: 'tile' + (modifier ? ' tile-' + modifier : '') },
			el('div', { className: 'tile-value num' }, value),
			el('div', { className: 'tile-label' }, label),
			detail ? el('div', { className: 'tile-detail muted' }, detail) : null);
	}

	function percent(part, whole) {
		return whole > 0 ? Math.round((part * 100) / whole) + ' %' : null;
	}

	function countersPanel(counters) {
		const acquired = counters.acquired || 0;
		const failed = counters.healthChecksFailed || 0;
		const passed = counters.healthChecksPassed || 0;
		return el('section', { className: 'panel' },
			el('h3', {}, 'Since start-up'),
			el('div', { className: 'tiles' },
				tile('acquired', acquired.toLocaleString(), 'units of work given a connection'),
				tile('reused', (counters.reused || 0).toLocaleString(), percent(counters.reused || 0, acquired) ? percent(counters.reused || 0, acquired) + ' of acquired' : 'kept from an earlier one'),
				tile('opened', (counters.opened || 0).toLocaleString(), 'new physical connections'),
				tile('health checks', el('span', {}, passed.toLocaleString(), el('span', { className: failed > 0 ? 'failed-count' : 'muted' }, ' / ' + failed.toLocaleString())),
					'passed / failed', failed > 0 ? 'alert' : null)));
	}

	function closedPanel(closed) {
		const counts = closed || {};
		const known = CLOSE_REASONS.map(([reason]) => reason);
		// A reason added to the endpoint later still shows, after the ones described here.
		const reasons = CLOSE_REASONS.concat(Object.keys(counts).filter((r) => !known.includes(r)).map((r) => [r, '']));
		const total = reasons.reduce((sum, [reason]) => sum + (counts[reason] || 0), 0);
		const most = reasons.reduce((max, [reason]) => Math.max(max, counts[reason] || 0), 0);
		return el('section', { className: 'panel' },
			el('h3', {}, 'Closed by dbconn ', el('span', { className: 'muted' }, '· ' + total.toLocaleString())),
			el('ul', { className: 'reasons' }, reasons.map(([reason, meaning]) => {
				const count = counts[reason] || 0;
				return el('li', { className: count > 0 ? 'reason' : 'reason reason-zero', 'data-close-reason': reason, 'data-count': count },
					el('span', { className: 'reason-name' }, el('code', {}, reason), el('span', { className: 'reason-meaning muted' }, meaning)),
					el('span', { className: 'reason-bar' }, el('span', { style: { width: most > 0 ? ((count * 100) / most).toFixed(1) + '%' : '0' } })),
					el('span', { className: 'reason-count num' }, count.toLocaleString()));
			})));
	}

	function findingsPanel(findings) {
		if (!findings || findings.length === 0) {
			return el('section', { className: 'findings findings-none muted' }, '✓ No findings about this DataSource\'s configuration.');
		}
		return el('section', { className: 'findings' }, findings.map((finding) =>
			el('div', { className: 'finding finding-' + finding.severity, 'data-severity': finding.severity },
				el('span', { className: 'severity' }, finding.severity),
				el('div', { className: 'finding-text' },
					el('p', { className: 'finding-message' }, finding.message),
					finding.fix ? el('p', { className: 'finding-fix' }, el('strong', {}, 'Fix: '), finding.fix) : null))));
	}

	function formatMaxAge(value) {
		if (value === 0) {
			return '0 (close after each request)';
		}
		return value === 'unlimited' ? 'unlimited' : formatSetting(value);
	}

	function onOff(value) {
		return value === true ? 'on' : value === false ? 'off' : String(value);
	}

	function settingsPanel(settings) {
		const pool = settings.pool || {};
		const positive = (value) => isNumber(value) && value > 0;
		const lifecycle = [
			['conn-max-age', formatMaxAge(settings.connMaxAge)],
			['conn-max-age-jitter', String(settings.connMaxAgeJitter)],
			['conn-health-checks', onOff(settings.connHealthChecks)],
			['health-check-timeout', formatSetting(settings.healthCheckTimeout)],
			['health-check-window', formatSetting(settings.healthCheckWindow)],
			['session-reset', settings.sessionReset],
			['encoding-check', settings.encodingCheck],
			['init-sql', (settings.initSql && settings.initSql.length > 0)
				? el('span', { className: 'sql-list' }, settings.initSql.map((sql) => el('code', {}, sql)))
				: el('span', { className: 'muted' }, 'none')],
		];
		// The pool's own limits also retire connections, so they sit next to dbconn's.
		const hikari = [
			['maximum-pool-size', pool.maximumPoolSize],
			['max-lifetime', positive(pool.maxLifetimeSeconds) ? formatSetting(pool.maxLifetimeSeconds) : 'none'],
			['leak-detection-threshold', positive(pool.leakDetectionThresholdSeconds) ? formatSetting(pool.leakDetectionThresholdSeconds) : 'off'],
		];
		const group = (prefix, rows) => [
			el('dt', { className: 'settings-group' }, el('code', {}, prefix)),
			el('dd', { className: 'settings-group' }),
			rows.map(([name, value]) => [
				el('dt', {}, el('code', {}, name)),
				el('dd', {}, value === undefined || value === null ? '–' : value),
			]),
		];
		return el('section', { className: 'panel' },
			el('h3', {}, 'Effective settings'),
			el('dl', { className: 'settings' }, group('db.', lifecycle), group('spring.datasource.hikari.', hikari)));
	}

	function dataSourceCard(name, report) {
		const settings = report.settings || {};
		const connections = report.connections || [];
		const counters = report.counters || {};
		const inUse = connections.filter((c) => c.state === 'in-use').length;
		const poolSize = settings.pool && settings.pool.maximumPoolSize;
		return el('article', { className: 'data-source', 'data-datasource': name, 'data-connection-count': connections.length },
			el('div', { className: 'card-head' },
				el('h2', {}, name),
				el('div', { className: 'summary' },
					el('span', { className: 'summary-item' }, el('strong', {}, String(connections.length)), connections.length === 1 ? ' connection' : ' connections'),
					el('span', { className: 'summary-item' }, el('span', { className: 'dot dot-in-use' }), el('strong', {}, String(inUse)), ' in use'),
					el('span', { className: 'summary-item' }, el('span', { className: 'dot dot-idle' }), el('strong', {}, String(connections.length - inUse)), ' idle'),
					isNumber(poolSize) ? el('span', { className: 'summary-item muted' }, 'pool max ' + poolSize) : null)),
			findingsPanel(report.findings),
			connectionsPanel(settings, connections),
			el('div', { className: 'grid' },
				countersPanel(counters),
				closedPanel(counters.closed),
				settingsPanel(settings)));
	}

	function render(data) {
		const dataSources = (data && data.dataSources) || {};
		const names = Object.keys(dataSources);
		const fragment = document.createDocumentFragment();
		let total = 0;
		for (const name of names) {
			const report = dataSources[name] || {};
			total += (report.connections || []).length;
			fragment.append(dataSourceCard(name, report));
		}
		if (names.length === 0) {
			fragment.append(el('p', { className: 'placeholder muted' }, 'dbconn manages no DataSource in this application.'));
		}
		root.replaceChildren(fragment);
		countElement.textContent = String(total);
		countLabel.textContent = total === 1 ? 'connection' : 'connections';
	}

	function setStatus(status, text) {
		statusPill.className = 'pill pill-' + status;
		statusPill.dataset.status = status;
		statusText.textContent = text;
	}

	function showReachable(response) {
		const serverDate = Date.parse(response.headers.get('Date'));
		if (!Number.isNaN(serverDate)) {
			// The Date header has whole seconds, so a smaller difference is only rounding.
			const skew = serverDate - Date.now();
			clockSkewMillis = Math.abs(skew) > 2000 ? skew : 0;
		}
		lastSuccess = new Date();
		banner.hidden = true;
		document.body.classList.remove('stale');
		setStatus('live', 'live');
		updatedAt.textContent = 'updated ' + formatClock(lastSuccess);
	}

	function showUnreachable(reason) {
		bannerReason.textContent = reason;
		banner.hidden = false;
		setStatus('down', 'unreachable');
		if (lastSuccess) {
			// Keep the last known state on screen, greyed, rather than blanking the page on a blip.
			document.body.classList.add('stale');
			updatedAt.textContent = 'last seen ' + formatClock(lastSuccess);
		}
		else {
			root.replaceChildren();
			countElement.textContent = '–';
		}
	}

	function describeFailure(response) {
		if (response.status === 404) {
			return 'HTTP 404: the endpoint is not exposed. Add dbconnections to management.endpoints.web.exposure.include.';
		}
		if (response.status === 401 || response.status === 403) {
			return 'HTTP ' + response.status + ': the endpoint needs credentials this page does not have.';
		}
		return 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '') + '.';
	}

	async function poll() {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), TIMEOUT_MILLIS);
		try {
			const response = await fetch(ENDPOINT, {
				cache: 'no-store',
				headers: { Accept: 'application/json' },
				signal: controller.signal,
			});
			if (!response.ok) {
				showUnreachable(describeFailure(response));
				return;
			}
			const data = await response.json();
			render(data);
			showReachable(response);
		}
		catch (error) {
			showUnreachable(error && error.name === 'AbortError'
				? 'No answer within ' + (TIMEOUT_MILLIS / 1000) + ' seconds.'
				: 'The application is not answering (' + ((error && error.message) || error) + ').');
		}
		finally {
			clearTimeout(timer);
			// Scheduled after the answer rather than on a fixed interval, so a slow server never
			// has several polls piling up.
			setTimeout(poll, POLL_MILLIS);
		}
	}

	poll();

})();
