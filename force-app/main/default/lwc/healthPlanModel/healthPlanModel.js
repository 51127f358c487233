// Generated from plugin/src/core/risk/model by `npm run build:lwc-model`. Do not edit: change the source and rebuild.

// plugin/src/core/risk/model/version.ts
var MODEL_VERSION = '2.0.0';

// plugin/src/core/numbers/rounding.ts
function roundHalfUp(value, digits) {
    if (!Number.isFinite(value) || value === 0) return value;
    const [mantissa, exponent] = Math.abs(value).toExponential(14).split('e');
    const scaled = Number(`${mantissa}e${Number(exponent) + digits}`);
    const result = Math.floor(scaled + 0.5) / 10 ** digits;
    return value < 0 && result !== 0 ? -result : result;
}

// plugin/src/core/risk/model/thresholds.ts
function badness(value, good, bad) {
    if (good === bad) throw new RangeError(`The good and bad thresholds are both ${good}; they must differ.`);
    const position = (value - good) / (bad - good);
    return Math.min(1, Math.max(0, position));
}

// plugin/src/core/risk/model/combine.ts
var logit = (p) => Math.log(p / (1 - p));
var sigmoid = (x) => 1 / (1 + Math.exp(-x));
function combine(factors, baseRate) {
    if (!factors.some((entry) => entry.factor.weight > 0)) return null;
    const logOdds = factors.map((entry) => entry.factor.weight * entry.badness);
    const added = logOdds.reduce((sum, value) => sum + value, 0);
    const nonRenewal = sigmoid(logit(baseRate) + added);
    const exactScore = Math.max(0, (100 * (nonRenewal - baseRate)) / (1 - baseRate));
    const exact = logOdds.map((value) => (added > 0 ? (exactScore * value) / added : 0));
    const tenths2 = roundPreservingSum(exact.map((value) => value * 10));
    return {
        score: tenths2.reduce((sum, value) => sum + value, 0) / 10,
        contributions: tenths2.map((value) => value / 10),
        exact,
        nonRenewal
    };
}
function nonRenewalForScore(score, baseRate) {
    return baseRate + ((1 - baseRate) * score) / 100;
}
function roundPreservingSum(parts) {
    const total = roundHalfUp(
        parts.reduce((sum, value) => sum + value, 0),
        0
    );
    const floors = parts.map((value) => Math.floor(value));
    let remaining = total - floors.reduce((sum, value) => sum + value, 0);
    const order = parts
        .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
        .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
    for (const { index } of order) {
        if (remaining <= 0) break;
        floors[index] += 1;
        remaining -= 1;
    }
    return floors;
}
function factorBadness(factor, value) {
    return { factor, badness: badness(value, factor.good, factor.bad) };
}

// plugin/src/core/risk/model/dates.ts
var DAY_MS = 864e5;
var MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function monthIndex(date) {
    const digit = (at) => date.charCodeAt(at) - 48;
    const year = digit(0) * 1e3 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const month = digit(5) * 10 + digit(6);
    return year * 12 + (month - 1);
}
function monthStart(index) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}
function monthLabel(index) {
    return `${MONTH_NAMES[index % 12]} ${Math.floor(index / 12)}`;
}
function dayNumber(date) {
    return Math.round(
        Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS
    );
}
function isoFromDayNumber(days) {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
}
function daysBetween(from, to) {
    return dayNumber(to) - dayNumber(from);
}
function isIsoDate(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    return isoFromDayNumber(dayNumber(value)) === value;
}

// plugin/src/core/risk/model/fees.ts
function feesForMonths(contracts, snapshots, months) {
    if (!months.length || !contracts.length) return 0;
    const snapshotMonths = snapshots.map((snapshot) => monthIndex(snapshot.periodStart));
    let fees = 0;
    for (const contract of contracts) {
        const from = contract.startDate === null ? -Infinity : monthIndex(contract.startDate);
        const to = contract.endDate === null ? Infinity : monthIndex(contract.endDate);
        const line = contract.lineOfBusiness ?? '';
        for (let index = 0; index < snapshots.length; index++) {
            const snapshot = snapshots[index];
            const month = snapshotMonths[index];
            if (snapshot.lineOfBusiness !== line || month < from || month > to || !months.includes(month)) continue;
            fees +=
                (contract.pmpmFee ?? 0) * (snapshot.eligibleMembers ?? 0) +
                (contract.perVisitFee ?? 0) * (snapshot.visits ?? 0);
        }
    }
    return fees;
}
function returnOnInvestment(savings, fees) {
    return fees > 0 ? savings / fees : null;
}

// plugin/src/core/risk/model/format.ts
function formatNumber(value, maximumFractionDigits = 0) {
    const scale = 10 ** maximumFractionDigits;
    const units = Math.round(roundHalfUp(Math.abs(value), maximumFractionDigits) * scale);
    let whole = String(Math.floor(units / scale));
    for (let at = whole.length - 3; at > 0; at -= 3) whole = `${whole.slice(0, at)},${whole.slice(at)}`;
    const decimals = maximumFractionDigits
        ? String(units % scale)
              .padStart(maximumFractionDigits, '0')
              .replace(/0+$/, '')
        : '';
    const sign = value < 0 && units !== 0 ? '-' : '';
    return `${sign}${whole}${decimals ? `.${decimals}` : ''}`;
}
function formatPercent(value, maximumFractionDigits = 0) {
    return `${formatNumber(value, maximumFractionDigits)}%`;
}
function formatMoney(value) {
    const sign = value < 0 ? '-' : '';
    const size = Math.abs(value);
    if (size >= 1e6) return `${sign}$${formatNumber(size / 1e6, 1)}M`;
    if (size >= 1e4) return `${sign}$${formatNumber(size / 1e3, 0)}K`;
    return `${sign}$${formatNumber(size, 0)}`;
}
function plural(count, singular, pluralForm = `${singular}s`) {
    return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
function listNames(names, max = 3) {
    const shown2 = names.slice(0, max).join(', ');
    return names.length > max ? `${shown2} and ${names.length - max} more` : shown2;
}

// plugin/src/core/risk/model/usage.ts
var WINDOW_MONTHS = 12;
function usageWindow(snapshots, asOf) {
    const last = monthIndex(asOf);
    const first = last - (WINDOW_MONTHS - 1);
    const byMonth = /* @__PURE__ */ new Map();
    for (const snapshot of snapshots) {
        const month = monthIndex(snapshot.periodStart);
        if (month < first || month > last) continue;
        const eligible = snapshot.eligibleMembers ?? 0;
        if (eligible <= 0) continue;
        const usage = byMonth.get(month) ?? emptyMonth(month);
        usage.eligible += eligible;
        usage.registered += snapshot.registeredMembers ?? 0;
        usage.visits += snapshot.visits ?? 0;
        if (snapshot.costSavings !== null) {
            usage.costSavings += snapshot.costSavings;
            usage.savingsReported = true;
        }
        if (snapshot.averageRating !== null && (snapshot.ratedVisits ?? 0) > 0) {
            usage.ratingPoints += snapshot.averageRating * (snapshot.ratedVisits ?? 0);
            usage.ratedVisits += snapshot.ratedVisits ?? 0;
        }
        byMonth.set(month, usage);
    }
    const months = [...byMonth.values()].sort((a, b) => a.month - b.month);
    return { months, anchor: months.length ? months[months.length - 1].month : null };
}
function monthsBetween(window, from, to) {
    return window.months.filter((usage) => usage.month >= from && usage.month <= to);
}
function visitsPer1000(months) {
    const memberMonths = months.reduce((sum, usage) => sum + usage.eligible, 0);
    if (memberMonths <= 0) return null;
    const visits = months.reduce((sum, usage) => sum + usage.visits, 0);
    return (visits / memberMonths) * 12e3;
}
function emptyMonth(month) {
    return {
        month,
        eligible: 0,
        registered: 0,
        visits: 0,
        costSavings: 0,
        savingsReported: false,
        ratingPoints: 0,
        ratedVisits: 0
    };
}

// plugin/src/core/risk/model/measures.ts
var SENTIMENT_SCORES = {
    Champion: 1,
    Supporter: 0.75,
    Neutral: 0.5,
    Skeptic: 0.25,
    Detractor: 0
};
var EXECUTIVE_ENGAGED_DAYS = 90;
var EXECUTIVE_LAPSED_DAYS = 180;
var missing = (reason) => ({ ok: false, reason });
var measured = (measurement) => ({ ok: true, ...measurement });
var utilizationTrend = (context) => {
    if (context.usage.anchor === null) return missing('no utilization snapshots in the last 12 months');
    const recent = visitsPer1000(context.recent);
    const prior = visitsPer1000(context.prior);
    if (recent === null) return missing('no utilization snapshots in the last 3 months');
    if (prior === null || prior === 0) return missing('no visits in the 3 months before the last 3');
    const change = recent / prior - 1;
    const percent = roundHalfUp(change * 100, 0);
    const direction =
        percent < 0
            ? `fell ${formatPercent(-percent)}`
            : percent > 0
              ? `rose ${formatPercent(percent)}`
              : 'held steady';
    return measured({
        value: recent,
        target: null,
        measure: change,
        sentence: `Visits per 1,000 ${direction} in the last 3 months, to ${formatNumber(recent)} (from ${formatNumber(prior)}).`
    });
};
function planTarget(input, target, what) {
    if (!input.plan) return 'no Active account plan sets a target';
    if (target === null || target === void 0 || target <= 0) return `the Active account plan has no ${what} target`;
    return target;
}
function baseline(context) {
    const { usage, recent } = context;
    if (!recent.length) return 'no utilization snapshots in the last 3 months';
    if (usage.months.length <= recent.length) return 'no months before the last 3 for a 12-month baseline';
    return usage.months;
}
var utilizationVsTarget = (context) => {
    const target = planTarget(context.input, context.input.plan?.targetVisitsPer1000, 'visits per 1,000');
    const recent = visitsPer1000(context.recent);
    if (recent === null) return missing('no utilization snapshots in the last 3 months');
    if (typeof target === 'number') {
        const ratio2 = recent / target;
        return measured({
            value: recent,
            target,
            measure: ratio2,
            sentence: `Visits per 1,000 were ${formatNumber(recent)} in the last 3 months, ${formatPercent(ratio2 * 100)} of the target of ${formatNumber(target)}.`
        });
    }
    const months = baseline(context);
    if (typeof months === 'string') return missing(`${target}, and ${months}`);
    const usual = visitsPer1000(months) ?? 0;
    if (usual <= 0) return missing(`${target}, and no visits in the last 12 months for a baseline`);
    const ratio = recent / usual;
    return measured({
        value: recent,
        target: null,
        measure: ratio,
        sentence: `Visits per 1,000 were ${formatNumber(recent)} in the last 3 months, ${formatPercent(ratio * 100)} of the plan's own 12-month average of ${formatNumber(usual)} (${target}).`
    });
};
function registrationRate(months) {
    const eligible = months.reduce((sum, month) => sum + month.eligible, 0);
    return eligible > 0 ? (100 * months.reduce((sum, month) => sum + month.registered, 0)) / eligible : null;
}
var registrationVsTarget = (context) => {
    const target = planTarget(context.input, context.input.plan?.targetRegistrationRate, 'registration rate');
    const latest = context.usage.months.at(-1);
    if (!latest) return missing('no utilization snapshots in the last 12 months');
    const rate = (latest.registered / latest.eligible) * 100;
    if (typeof target === 'number') {
        const ratio2 = rate / target;
        return measured({
            value: rate,
            target,
            measure: ratio2,
            sentence: `${formatPercent(rate, 1)} of eligible members were registered in ${monthLabel(latest.month)}, ${formatPercent(ratio2 * 100)} of the target of ${formatPercent(target, 1)}.`
        });
    }
    const months = baseline(context);
    if (typeof months === 'string') return missing(`${target}, and ${months}`);
    const usual = registrationRate(months) ?? 0;
    if (usual <= 0) return missing(`${target}, and no registered members in the last 12 months for a baseline`);
    const ratio = rate / usual;
    return measured({
        value: rate,
        target: null,
        measure: ratio,
        sentence: `${formatPercent(rate, 1)} of eligible members were registered in ${monthLabel(latest.month)}, ${formatPercent(ratio * 100)} of the plan's own 12-month average of ${formatPercent(usual, 1)} (${target}).`
    });
};
var registrationTrend = ({ usage, recent, prior }) => {
    if (usage.anchor === null) return missing('no utilization snapshots in the last 12 months');
    const now = registrationRate(recent);
    const before = registrationRate(prior);
    if (now === null) return missing('no utilization snapshots in the last 3 months');
    if (before === null || before === 0) return missing('no registered members in the 3 months before the last 3');
    const change = now / before - 1;
    const percent = roundHalfUp(change * 100, 0);
    const direction =
        percent < 0
            ? `fell ${formatPercent(-percent)}`
            : percent > 0
              ? `rose ${formatPercent(percent)}`
              : 'held steady';
    return measured({
        value: now,
        target: null,
        measure: change,
        sentence: `Registration ${direction} in the last 3 months, to ${formatPercent(now, 1)} of eligible members (from ${formatPercent(before, 1)}).`
    });
};
function averageRating(months) {
    const rated = months.reduce((sum, month) => sum + month.ratedVisits, 0);
    if (rated <= 0) return null;
    return { average: months.reduce((sum, month) => sum + month.ratingPoints, 0) / rated, rated };
}
function ratingComparison(gap) {
    return Math.abs(gap) < 5e-3 ? 'on' : `${formatNumber(Math.abs(gap), 2)} ${gap < 0 ? 'below' : 'above'}`;
}
var ratingVsTarget = (context) => {
    const target = planTarget(context.input, context.input.plan?.targetRating, 'rating');
    const now = averageRating(context.recent);
    if (!now) return missing('no rated visits in the last 3 months');
    const ratings = `Visits were rated ${formatNumber(now.average, 2)} on average in the last 3 months (${plural(now.rated, 'rating')})`;
    if (typeof target === 'number') {
        const gap2 = now.average - target;
        return measured({
            value: now.average,
            target,
            measure: gap2,
            sentence: `${ratings}, ${ratingComparison(gap2)} the target of ${formatNumber(target, 2)}.`
        });
    }
    const months = baseline(context);
    const usual = typeof months === 'string' ? null : averageRating(months);
    if (!usual)
        return missing(`${target}, and ${typeof months === 'string' ? months : 'no rated visits for a baseline'}`);
    const gap = now.average - usual.average;
    return measured({
        value: now.average,
        target: null,
        measure: gap,
        sentence: `${ratings}, ${ratingComparison(gap)} the plan's own 12-month average of ${formatNumber(usual.average, 2)} (${target}).`
    });
};
var ratingTrend = ({ usage, recent, prior }) => {
    if (usage.anchor === null) return missing('no utilization snapshots in the last 12 months');
    const now = averageRating(recent);
    const before = averageRating(prior);
    if (!now) return missing('no rated visits in the last 3 months');
    if (!before) return missing('no rated visits in the 3 months before the last 3');
    const change = now.average - before.average;
    const direction =
        Math.abs(change) < 5e-3
            ? 'held steady'
            : `${change < 0 ? 'fell' : 'rose'} ${formatNumber(Math.abs(change), 2)} stars`;
    return measured({
        value: now.average,
        target: null,
        measure: change,
        sentence: `The average visit rating ${direction} in the last 3 months, to ${formatNumber(now.average, 2)} (from ${formatNumber(before.average, 2)}).`
    });
};
var costSavingsVsTarget = (context) => {
    const { input, usage } = context;
    const target = planTarget(input, input.plan?.targetCostSavings, 'cost savings');
    const reported = usage.months.filter((month) => month.savingsReported);
    if (!reported.length) return missing('no cost savings in the snapshots of the last 12 months');
    if (typeof target === 'string') return savingsVsBaseline(context, reported, target);
    const total = reported.reduce((sum, month) => sum + month.costSavings, 0);
    const annual = (total * 12) / reported.length;
    const ratio = annual / target;
    const period =
        reported.length === 12
            ? 'the last 12 months'
            : `the last ${plural(reported.length, 'month')}, ${formatMoney(annual)} a year`;
    const fees = feesForMonths(
        input.contracts,
        input.snapshots,
        reported.map((month) => month.month)
    );
    const roi = returnOnInvestment(total, fees);
    const roiClause =
        roi === null
            ? ' No fees are on record for the same months, so there is no ROI.'
            : ` ROI was ${formatNumber(roi, 1)}\xD7 the ${formatMoney(fees)} in fees.`;
    return measured({
        value: annual,
        target,
        measure: ratio,
        sentence: `Cost savings were ${formatMoney(total)} over ${period}, ${formatPercent(ratio * 100)} of the target of ${formatMoney(target)}.${roiClause}`
    });
};
function savingsVsBaseline(context, reported, why) {
    const recent = context.recent.filter((month) => month.savingsReported);
    if (!recent.length) return missing(`${why}, and no cost savings in the last 3 months`);
    if (reported.length <= recent.length)
        return missing(`${why}, and no months before the last 3 for a 12-month baseline`);
    const pace = (months) => months.reduce((sum, month) => sum + month.costSavings, 0) / months.length;
    const now = pace(recent);
    const usual = pace(reported);
    if (usual <= 0) return missing(`${why}, and no cost savings in the last 12 months for a baseline`);
    const ratio = now / usual;
    return measured({
        value: now * 12,
        target: null,
        measure: ratio,
        sentence: `Cost savings ran at ${formatMoney(now * 12)} a year in the last 3 months, ${formatPercent(ratio * 100)} of the plan's own 12-month pace of ${formatMoney(usual * 12)} (${why}).`
    });
}
function lastExecutiveEngagement(input) {
    let latest = null;
    for (const person of input.stakeholders) {
        const date = person.lastEngagementDate;
        if (person.role !== 'Executive' || date === null || date > input.asOf) continue;
        if (!latest || date > (latest.lastEngagementDate ?? '')) latest = person;
    }
    return latest ? { person: latest, days: daysBetween(latest.lastEngagementDate ?? input.asOf, input.asOf) } : null;
}
function engagementMultiplier(days) {
    if (days === null) return 0.5;
    const lapse = (days - EXECUTIVE_ENGAGED_DAYS) / (EXECUTIVE_LAPSED_DAYS - EXECUTIVE_ENGAGED_DAYS);
    return 1 - 0.5 * Math.min(1, Math.max(0, lapse));
}
var relationshipHealth = ({ input }) => {
    const influential = input.stakeholders.filter(
        (person) => person.influence === 'High' && person.sentiment !== null && person.sentiment in SENTIMENT_SCORES
    );
    if (!influential.length) return missing('no High-influence stakeholder with a recorded sentiment');
    const sentimentOf = (person) => SENTIMENT_SCORES[person.sentiment ?? 'Neutral'];
    const sentiment = influential.reduce((sum, person) => sum + sentimentOf(person), 0) / influential.length;
    const executive = lastExecutiveEngagement(input);
    const health = sentiment * engagementMultiplier(executive ? executive.days : null);
    const negative = influential.filter((person) => sentimentOf(person) < SENTIMENT_SCORES.Neutral);
    const who = negative.map((person) => `${person.name} (${person.role ?? 'no role'}, ${person.sentiment ?? ''})`);
    const sentimentClause = negative.length
        ? `${formatNumber(negative.length)} of ${plural(influential.length, 'High-influence stakeholder')} ${negative.length === 1 ? 'is a' : 'are'} Skeptic or Detractor: ${listNames(who)}`
        : influential.length === 1
          ? 'The only High-influence stakeholder is Neutral or better'
          : `All ${plural(influential.length, 'High-influence stakeholder')} are Neutral or better`;
    const engagementClause = executive
        ? `the last executive engagement was ${plural(executive.days, 'day')} ago (${executive.person.name})`
        : 'no executive engagement is on record';
    return measured({
        value: health,
        target: null,
        measure: health,
        sentence: `${sentimentClause}; ${engagementClause}.`
    });
};
function objectiveWeight(objective, asOf) {
    const overdue = objective.dueDate !== null && objective.dueDate < asOf;
    if (objective.status === 'Off Track' || overdue) return 1;
    return objective.status === 'At Risk' ? 0.5 : 0;
}
var objectivesOffTrack = ({ input }) => {
    if (!input.plan) return missing('no Active account plan');
    const objectives = input.plan.objectives;
    if (!objectives.length) return missing('the Active account plan has no objectives');
    const open = objectives.filter((objective) => objective.status !== 'Done');
    if (!open.length) {
        return measured({
            value: 0,
            target: null,
            measure: 0,
            sentence: `All ${plural(objectives.length, 'objective')} are Done.`
        });
    }
    const share = open.reduce((sum, objective) => sum + objectiveWeight(objective, input.asOf), 0) / open.length;
    const troubled = open.filter((objective) => objectiveWeight(objective, input.asOf) > 0);
    const named = troubled.map((objective) =>
        objective.dueDate !== null && objective.dueDate < input.asOf
            ? `${objective.name} (overdue since ${objective.dueDate})`
            : `${objective.name} (${objective.status ?? ''})`
    );
    const sentence = troubled.length
        ? `${formatNumber(troubled.length)} of ${plural(open.length, 'open objective')} ${troubled.length === 1 ? 'is' : 'are'} off track, at risk or overdue: ${listNames(named)}.`
        : `None of the ${plural(open.length, 'open objective')} is off track, at risk or overdue.`;
    return measured({ value: troubled.length, target: null, measure: share, sentence });
};
var daysToRenewal = ({ input }) => {
    const next = input.contracts
        .filter((contract) => contract.endDate !== null && contract.endDate >= input.asOf)
        .sort((a, b) => (a.endDate ?? '').localeCompare(b.endDate ?? ''))
        .at(0);
    if (next?.endDate) {
        const days = daysBetween(input.asOf, next.endDate);
        const lives = next.coveredLives ? ` (${formatNumber(next.coveredLives)} covered lives)` : '';
        const contract = next.lineOfBusiness ? `The ${next.lineOfBusiness} contract` : 'A contract';
        return measured({
            value: days,
            target: null,
            measure: days,
            sentence: `${contract}${lives} renews in ${plural(days, 'day')}, on ${next.endDate}.`
        });
    }
    if (input.renewalDate !== null && input.renewalDate >= input.asOf) {
        const days = daysBetween(input.asOf, input.renewalDate);
        return measured({
            value: days,
            target: null,
            measure: days,
            sentence: `The account renews in ${plural(days, 'day')}, on ${input.renewalDate}.`
        });
    }
    return missing(`no contract or renewal date on or after ${input.asOf}`);
};
var MEASURES = {
    Utilization_Trend: utilizationTrend,
    Utilization_Vs_Target: utilizationVsTarget,
    Registration_Vs_Target: registrationVsTarget,
    Registration_Trend: registrationTrend,
    Rating_Vs_Target: ratingVsTarget,
    Rating_Trend: ratingTrend,
    Cost_Savings_Vs_Target: costSavingsVsTarget,
    Relationship_Health: relationshipHealth,
    Objectives_Off_Track: objectivesOffTrack,
    Days_To_Renewal: daysToRenewal
};
function measureContext(input) {
    const usage = usageWindow(input.snapshots, input.asOf);
    const anchor = usage.anchor;
    return {
        input,
        usage,
        recent: anchor === null ? [] : monthsBetween(usage, anchor - 2, anchor),
        prior: anchor === null ? [] : monthsBetween(usage, anchor - 5, anchor - 3)
    };
}

// plugin/src/core/risk/model/scoreAccount.ts
var TOP_DRIVERS = 3;
function scoreAccount(input, config) {
    const context = measureContext(input);
    const missing2 = [];
    const present = [];
    const entries = [];
    for (const factor of config.factors) {
        if (factor.weight <= 0) continue;
        const measure = MEASURES[factor.key];
        const result = measure
            ? measure(context)
            : { ok: false, reason: `model ${MODEL_VERSION} has no measure for this factor` };
        if (!result.ok) {
            missing2.push({ factor: factor.key, label: factor.label, reason: result.reason });
            continue;
        }
        const entry = factorBadness(factor, result.measure);
        entries.push(entry);
        present.push({
            factor: factor.key,
            label: factor.label,
            value: result.value,
            target: result.target,
            measure: result.measure,
            sentence: result.sentence,
            badness: entry.badness,
            weight: factor.weight
        });
    }
    const combined = combine(entries, config.baseRate);
    const drivers = present
        .map((driver, index) => ({ ...driver, contribution: combined ? combined.contributions[index] : 0 }))
        .sort((a, b) => b.contribution - a.contribution || b.weight - a.weight || a.factor.localeCompare(b.factor));
    const score = combined ? combined.score : null;
    return {
        modelVersion: MODEL_VERSION,
        asOf: input.asOf,
        score,
        tier: score === null ? null : tierFor(score, config.tiers),
        renewalPercent: score === null ? null : roundHalfUp(100 * (1 - nonRenewalForScore(score, config.baseRate)), 0),
        change: score === null || input.previous === null ? null : changeSince(score, input.previous.score),
        changeByFactor: score === null ? null : changeByFactor(drivers, input.previous, config),
        previous: input.previous,
        drivers,
        plays: recommendedPlays(drivers, config),
        missing: missing2
    };
}
function changeSince(score, previous) {
    return roundHalfUp((Math.round(score * 100) - Math.round(previous * 100)) / 100, 1);
}
function tierFor(score, tiers) {
    if (score >= tiers.critical) return 'Critical';
    if (score >= tiers.high) return 'High';
    if (score >= tiers.moderate) return 'Moderate';
    return 'Low';
}
var tenths = (value) => Math.round(value * 10) / 10;
function changeByFactor(drivers, previous, config) {
    if (!previous?.contributions) return null;
    const before = previous.contributions;
    const labels = new Map(config.factors.map((factor) => [factor.key, factor.label]));
    const now = new Map(drivers.map((driver) => [driver.factor, driver.contribution]));
    const keys = [.../* @__PURE__ */ new Set([...now.keys(), ...Object.keys(before)])];
    return keys
        .map((factor) => ({
            factor,
            label: labels.get(factor) ?? factor,
            change: tenths((now.get(factor) ?? 0) - (before[factor] ?? 0))
        }))
        .filter((entry) => entry.change !== 0)
        .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.factor.localeCompare(b.factor));
}
function recommendedPlays(drivers, config) {
    const plays = new Map(config.factors.map((factor) => [factor.key, factor.play]));
    return drivers
        .filter((driver) => driver.contribution > 0)
        .slice(0, TOP_DRIVERS)
        .map((driver) => ({ factor: driver.factor, label: driver.label, play: plays.get(driver.factor) ?? '' }))
        .filter((play) => play.play.trim() !== '');
}

// plugin/src/core/risk/model/config.ts
function validateRiskConfig(config) {
    const issues = [];
    const seen = /* @__PURE__ */ new Set();
    for (const factor of config.factors) {
        if (factor.key.trim() === '') {
            issues.push({ factor: factor.key, field: 'key', message: 'is blank; every factor needs a DeveloperName' });
        } else if (!(factor.key in MEASURES)) {
            issues.push({
                factor: factor.key,
                field: 'key',
                message: `unknown factor; known factors: ${Object.keys(MEASURES).join(', ')}`
            });
        }
        if (seen.has(factor.key)) issues.push({ factor: factor.key, field: 'key', message: 'appears more than once' });
        seen.add(factor.key);
        if (!Number.isFinite(factor.weight) || factor.weight < 0) {
            issues.push({
                factor: factor.key,
                field: 'weight',
                message: `must be a number of 0 or more, got ${shown(factor.weight)}`
            });
        }
        for (const field of ['good', 'bad']) {
            if (!Number.isFinite(factor[field]))
                issues.push({ factor: factor.key, field, message: `must be a number, got ${shown(factor[field])}` });
        }
        if (factor.good === factor.bad)
            issues.push({ factor: factor.key, field: 'bad', message: `must differ from good (both ${factor.good})` });
    }
    if (!config.factors.some((factor) => factor.weight > 0)) {
        issues.push({ factor: null, field: 'weight', message: 'at least one factor needs a weight above 0' });
    }
    const { moderate, high, critical } = config.tiers;
    if (
        ![moderate, high, critical].every(Number.isFinite) ||
        !(0 < moderate && moderate < high && high < critical && critical <= 100)
    ) {
        issues.push({
            factor: null,
            field: 'tiers',
            message: `tier cut-offs must rise within 0\u2013100 (Moderate < High < Critical), got ${[moderate, high, critical].map(shown).join(', ')}`
        });
    }
    if (!(config.baseRate > 0 && config.baseRate < 1)) {
        issues.push({
            factor: null,
            field: 'baseRate',
            message: `the base non-renewal rate must be above 0 and below 1, got ${shown(config.baseRate)}`
        });
    }
    return issues;
}
function shown(value) {
    return Number.isNaN(value) ? 'a blank value' : String(value);
}

// plugin/src/core/risk/model/defaultConfig.ts
var DEFAULT_RISK_CONFIG = {
    factors: [
        {
            key: 'Utilization_Trend',
            label: 'Utilization trend',
            weight: 3,
            good: 0,
            bad: -0.25,
            play: "Plan a member re-engagement campaign with the plan's marketing team in the lines of business where visits fell."
        },
        {
            key: 'Utilization_Vs_Target',
            label: 'Utilization vs target',
            weight: 2,
            good: 1,
            bad: 0.6,
            play: 'Review utilization by line of business with the plan and agree on promotion through its member channels (ID cards, portal, nurse line).'
        },
        {
            key: 'Registration_Vs_Target',
            label: 'Registration vs target',
            weight: 1.5,
            good: 1,
            bad: 0.7,
            play: 'Propose a registration drive for the under-registered segments: welcome kits, benefit mailers, employer onboarding.'
        },
        {
            key: 'Registration_Trend',
            label: 'Registration trend',
            weight: 1.5,
            good: 0,
            bad: -0.15,
            play: 'Find where registration slipped (new members, a line of business, an employer group) and run a targeted registration push with the plan.'
        },
        {
            key: 'Rating_Vs_Target',
            label: 'Rating vs target',
            weight: 3,
            good: 0,
            bad: -0.5,
            play: 'Share the low-rated visit themes with clinical operations and bring a quality improvement plan to the next QBR.'
        },
        {
            key: 'Rating_Trend',
            label: 'Rating trend',
            weight: 3,
            good: 0,
            bad: -0.5,
            play: 'Pull the recent low-rated visits with clinical operations, find what changed (wait times, a provider group, a service line) and report the fix to the plan.'
        },
        {
            key: 'Cost_Savings_Vs_Target',
            label: 'Cost savings (ROI) vs target',
            weight: 3,
            good: 1,
            bad: 0.5,
            play: "Build the value story with the plan's finance team: ROI, the savings assumptions, and where diversion from the ER can grow."
        },
        {
            key: 'Relationship_Health',
            label: 'Relationship health',
            weight: 3,
            good: 0.75,
            bad: 0.35,
            play: 'Book an executive meeting with the sponsor and follow up with each skeptic or detractor on what they need from us.'
        },
        {
            key: 'Objectives_Off_Track',
            label: 'Objectives off track',
            weight: 3,
            good: 0,
            bad: 0.5,
            play: 'Review the off-track objectives with their owners: reset due dates or escalate blockers before the next QBR.'
        },
        {
            key: 'Days_To_Renewal',
            label: 'Days to renewal',
            weight: 1,
            good: 365,
            bad: 60,
            play: 'Start the renewal conversation now: confirm the decision makers, the timeline and the value story.'
        }
    ],
    // Where the modelled chance of not renewing reaches 20%, 40% and 70% (as `risk fit` cuts them): 100 × (chance − 0.05) / 0.95.
    tiers: { moderate: 15.8, high: 36.8, critical: 68.4 },
    baseRate: 0.05
};

// plugin/src/core/risk/model/savingsAssumptions.ts
var DEFAULT_COSTS = {
    erVisitCost: 1686,
    urgentCareVisitCost: 156,
    primaryCareVisitCost: 147,
    telehealthVisitCost: 91
};
var DEFAULT_ASSUMPTION_SET = 'Public_2024_Averages';
var DEFAULT_SAVINGS_ASSUMPTIONS = {
    ...DEFAULT_COSTS,
    source: `Public 2024 average costs per visit (ER ${formatMoney(DEFAULT_COSTS.erVisitCost)}, urgent care ${formatMoney(DEFAULT_COSTS.urgentCareVisitCost)}, primary care ${formatMoney(DEFAULT_COSTS.primaryCareVisitCost)}, telehealth ${formatMoney(DEFAULT_COSTS.telehealthVisitCost)}); only visits that name the care they replaced count`
};
var DEFAULT_SAVINGS_FIGURES = [
    {
        key: 'erVisitCost',
        label: 'Avoided emergency department visit',
        amount: DEFAULT_COSTS.erVisitCost,
        source: 'Public 2024 average cost of an emergency department visit'
    },
    {
        key: 'urgentCareVisitCost',
        label: 'Avoided urgent care visit',
        amount: DEFAULT_COSTS.urgentCareVisitCost,
        source: 'Public 2024 average cost of an urgent care visit'
    },
    {
        key: 'primaryCareVisitCost',
        label: 'Avoided primary care visit',
        amount: DEFAULT_COSTS.primaryCareVisitCost,
        source: 'Public 2024 average cost of a primary care office visit'
    },
    {
        key: 'telehealthVisitCost',
        label: 'Cost of the telehealth visit (subtracted)',
        amount: DEFAULT_COSTS.telehealthVisitCost,
        source: 'Public 2024 average cost of a telehealth visit'
    }
];
var ASSUMPTION_SET_FIELD_LENGTH = 255;
var COST_ORDER = ['erVisitCost', 'urgentCareVisitCost', 'primaryCareVisitCost', 'telehealthVisitCost'];
function assumptionSetValue(set) {
    const head = [set.name.replace(/\|/g, '/'), ...COST_ORDER.map((key) => String(set[key]))].join('|');
    return `${head}|${set.source}`.slice(0, ASSUMPTION_SET_FIELD_LENGTH);
}
function parseAssumptionSet(value) {
    if (!value) return null;
    const parts = value.split('|');
    if (parts.length < 6) return null;
    const texts = parts.slice(1, 5);
    if (!parts[0] || texts.some((text) => text.trim() === '' || !Number.isFinite(Number(text)))) return null;
    const [erVisitCost, urgentCareVisitCost, primaryCareVisitCost, telehealthVisitCost] = texts.map(Number);
    return {
        name: parts[0],
        erVisitCost,
        urgentCareVisitCost,
        primaryCareVisitCost,
        telehealthVisitCost,
        source: parts.slice(5).join('|')
    };
}
function savingsFigures(set) {
    return DEFAULT_SAVINGS_FIGURES.map((figure) => ({ ...figure, amount: set[figure.key], source: set.source }));
}
export {
    ASSUMPTION_SET_FIELD_LENGTH,
    DEFAULT_ASSUMPTION_SET,
    DEFAULT_RISK_CONFIG,
    DEFAULT_SAVINGS_ASSUMPTIONS,
    DEFAULT_SAVINGS_FIGURES,
    EXECUTIVE_ENGAGED_DAYS,
    EXECUTIVE_LAPSED_DAYS,
    MEASURES,
    MODEL_VERSION,
    SENTIMENT_SCORES,
    TOP_DRIVERS,
    assumptionSetValue,
    badness,
    combine,
    dayNumber,
    feesForMonths,
    formatNumber,
    isIsoDate,
    isoFromDayNumber,
    monthIndex,
    monthStart,
    nonRenewalForScore,
    parseAssumptionSet,
    returnOnInvestment,
    savingsFigures,
    scoreAccount,
    tierFor,
    validateRiskConfig
};
