import { dayNumber, isIsoDate } from 'c/healthPlanModel';

export const RISK_TIERS = ['Low', 'Moderate', 'High', 'Critical'];

/** Whole days from `now` to a `YYYY-MM-DD` date (negative once past), counted in UTC calendar days. */
export function daysUntil(isoDate, now = Date.now()) {
    const date = isoDate ? String(isoDate).slice(0, 10) : '';
    if (!isIsoDate(date)) {
        return null;
    }
    return dayNumber(date) - dayNumber(new Date(now).toISOString().slice(0, 10));
}

export function daysSince(isoDate, now = Date.now()) {
    const days = daysUntil(isoDate, now);
    return days === null ? null : -days;
}

/**
 * The drivers of an assessment, largest contribution first. Drivers__c holds a JSON array of
 * `{ factor, value, target, contribution, sentence }`; anything else yields no drivers.
 */
export function parseDrivers(json) {
    let parsed;
    try {
        parsed = JSON.parse(json ?? '[]');
    } catch {
        return [];
    }
    if (!Array.isArray(parsed)) {
        return [];
    }
    return parsed
        .filter((driver) => driver && typeof driver === 'object')
        .map((driver) => ({
            factor: String(driver.factor ?? ''),
            label: String(driver.label ?? driver.factor ?? ''),
            value: driver.value ?? null,
            target: driver.target ?? null,
            contribution: Number(driver.contribution) || 0,
            sentence: String(driver.sentence ?? '')
        }))
        .sort((a, b) => b.contribution - a.contribution);
}

/** Bars scaled to the largest contribution so the strongest driver spans the full width. */
export function driverBars(drivers, limit) {
    const top = drivers.filter((driver) => driver.contribution > 0).slice(0, limit);
    const largest = Math.max(0, ...top.map((driver) => driver.contribution));
    return top.map((driver) => ({
        ...driver,
        percentOfLargest: largest > 0 ? Math.round((driver.contribution / largest) * 100) : 0
    }));
}

function playText(entry) {
    if (typeof entry === 'string') {
        return entry;
    }
    return entry?.title ?? entry?.action ?? entry?.sentence;
}

const BULLET = /^\s*(?:[-*•]|\d+[.)])\s*/;

/**
 * Recommended plays from Recommended_Actions__c: a JSON array (of strings or of objects with a
 * `title`, `action` or `sentence`), or plain text with one play per line.
 */
export function parseActions(text) {
    if (!text) {
        return [];
    }
    try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed)) {
            return parsed
                .map(playText)
                .filter((entry) => typeof entry === 'string' && entry.trim().length > 0)
                .map((entry) => entry.trim());
        }
    } catch {
        // Not JSON: one play per line.
    }
    return String(text)
        .split(/\r?\n/)
        .map((line) => line.replace(BULLET, '').trim())
        .filter((line) => line.length > 0);
}

/**
 * What moved between two assessments, by factor: each factor's contribution now minus before (a
 * factor on one side only counts 0 on the other), largest move first, unmoved factors left out.
 */
export function factorChanges(latest, previous) {
    const before = new Map(previous.map((driver) => [driver.factor, driver]));
    const now = new Map(latest.map((driver) => [driver.factor, driver]));
    return [...new Set([...now.keys(), ...before.keys()])]
        .map((factor) => ({
            factor,
            label: (now.get(factor) ?? before.get(factor)).label,
            change:
                Math.round(((now.get(factor)?.contribution ?? 0) - (before.get(factor)?.contribution ?? 0)) * 10) / 10
        }))
        .filter((entry) => entry.change !== 0)
        .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.factor.localeCompare(b.factor));
}

/** "+15 Utilization trend, −4 Registration trend": the moves a rep reads, largest first. */
export function factorChangeText(changes, limit = 3) {
    return changes
        .slice(0, limit)
        .map((entry) => `${entry.change > 0 ? '+' : '−'}${Math.abs(entry.change)} ${entry.label}`)
        .join(', ');
}

/** Score change between the latest assessment and the one before it, or null with fewer than two. */
export function scoreChange(assessments) {
    if (assessments.length < 2 || assessments[0].score === null || assessments[1].score === null) {
        return null;
    }
    return assessments[0].score - assessments[1].score;
}
