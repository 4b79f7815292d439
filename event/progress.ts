/**
 * Progress a person can follow while 5-40 teams run at once. On a terminal each team has one live
 * line, rewritten in place with ANSI cursor codes; in CI (not a TTY, or CI set) each change of a
 * team's phase is one plain, timestamped line, because CI logs keep every byte and cannot move a
 * cursor. The full engine output never goes here: it goes to each team's log file.
 */
import { formatDuration, type Clock } from "./clock";

export type TeamPhase =
    | "queued"
    | "waiting"
    | "running"
    | "retrying"
    | "succeeded"
    | "failed"
    | "skipped"
    | "not-started";

export interface TeamStatus {
    readonly phase: TeamPhase;
    /** What is happening now, or why the team ended as it did. */
    readonly detail?: string;
}

export interface Reporter {
    begin(teams: readonly string[]): void;
    update(team: string, status: TeamStatus): void;
    /** A message for the person running the command (warnings, Ctrl-C notices). */
    note(message: string): void;
    end(): void;
}

export interface OutputStream {
    write(text: string): unknown;
    readonly isTTY?: boolean;
    readonly columns?: number;
}

const SYMBOL: Readonly<Record<TeamPhase, string>> = {
    queued: "·",
    waiting: "…",
    running: "▶",
    retrying: "↻",
    succeeded: "✔",
    failed: "✖",
    skipped: "-",
    "not-started": "○",
};

/** True in CI: GitHub Actions and most CI systems set CI=true. */
export function isCI(env: Readonly<Record<string, string | undefined>>): boolean {
    const ci = env.CI?.toLowerCase();
    return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

export function createReporter(
    stream: OutputStream,
    env: Readonly<Record<string, string | undefined>>,
    clock: Clock,
): Reporter {
    return stream.isTTY === true && !isCI(env)
        ? new LiveReporter(stream, clock)
        : new PlainReporter(stream, clock);
}

interface Row {
    status: TeamStatus;
    /** When the team entered its current phase. */
    since: number;
}

abstract class BaseReporter implements Reporter {
    protected readonly rows = new Map<string, Row>();
    protected width = 0;
    protected started = 0;

    constructor(
        protected readonly stream: OutputStream,
        protected readonly clock: Clock,
    ) {}

    begin(teams: readonly string[]): void {
        this.started = this.clock.now();
        this.width = Math.max(4, ...teams.map((t) => t.length));
        for (const team of teams)
            this.rows.set(team, { status: { phase: "queued" }, since: this.started });
    }

    update(team: string, status: TeamStatus): void {
        const row = this.rows.get(team);
        const since = row && row.status.phase === status.phase ? row.since : this.clock.now();
        this.rows.set(team, { status, since });
        this.changed(team, row?.status);
    }

    /** `withElapsed`: time in the current phase, useful on a live line, always 0s on a line printed at the change. */
    protected line(team: string, withElapsed: boolean): string {
        const row = this.rows.get(team);
        if (!row) return team;
        const { phase, detail } = row.status;
        const active = phase === "running" || phase === "waiting" || phase === "retrying";
        const elapsed =
            withElapsed && active ? ` ${formatDuration(this.clock.now() - row.since)}` : "";
        return `${team.padEnd(this.width)}  ${SYMBOL[phase]} ${phase}${elapsed}${detail ? `  ${detail}` : ""}`;
    }

    abstract note(message: string): void;
    abstract end(): void;
    protected abstract changed(team: string, before: TeamStatus | undefined): void;
}

/** One plain line per phase change, prefixed with the time since the run began. */
export class PlainReporter extends BaseReporter {
    private stamp(): string {
        return `[+${formatDuration(this.clock.now() - this.started)}]`.padEnd(10);
    }

    protected changed(team: string, before: TeamStatus | undefined): void {
        const now = this.rows.get(team)?.status;
        // Engine progress ("creating ...") changes many times a second: only phases and reasons are logged.
        if (now?.phase === "running" && before?.phase === "running") return;
        this.stream.write(`${this.stamp()} ${this.line(team, false)}\n`);
    }

    note(message: string): void {
        this.stream.write(`${this.stamp()} ${message}\n`);
    }

    end(): void {}
}

const ESC = "\u001b[";

/** One line per team, redrawn in place. Lines are cut to the terminal width so they never wrap. */
export class LiveReporter extends BaseReporter {
    private drawn = 0;

    protected changed(): void {
        this.redraw();
    }

    note(message: string): void {
        this.clear();
        this.stream.write(`${message}\n`);
        this.redraw();
    }

    end(): void {
        this.redraw();
        this.drawn = 0;
    }

    private clear(): void {
        // Up to the first team line, then erase to the end of the screen.
        if (this.drawn > 0) this.stream.write(`${ESC}${this.drawn}A\r${ESC}J`);
        this.drawn = 0;
    }

    private redraw(): void {
        const max = Math.max(20, (this.stream.columns ?? 80) - 1);
        const lines = [...this.rows.keys()]
            .map((team) => this.line(team, true))
            .map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
        const up = this.drawn > 0 ? `${ESC}${this.drawn}A` : "";
        this.stream.write(up + lines.map((l) => `\r${ESC}2K${l}\n`).join(""));
        this.drawn = lines.length;
    }
}
