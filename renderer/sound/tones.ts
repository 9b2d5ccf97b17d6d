// Short tones for a payment's outcome, made with the Web Audio API (no audio files). A cashier hears
// the result without looking: two rising notes for paid, a low double buzz for declined, one soft
// mid note for "not confirmed" (which is not a failure, so it must not sound like one).
//
// Browsers start an AudioContext only after a user gesture. primeTones() is called from the key
// press or click that starts a payment (creating or resuming the context inside the gesture);
// the tone itself plays later, when the outcome arrives. Where there is no Web Audio (tests under
// Node, a locked-down machine) everything here quietly does nothing.

export type Tone = 'paid' | 'declined' | 'unconfirmed';

interface Note {
  /** Hz */
  frequency: number;
  /** seconds after the tone starts */
  at: number;
  /** seconds */
  length: number;
  wave: OscillatorType;
  /** peak gain, 0..1 */
  volume: number;
}

/** What each tone is made of; exported so a test can check they differ. */
export const TONES: Readonly<Record<Tone, readonly Note[]>> = {
  // C6 then G6: bright and rising
  paid: [
    { frequency: 1046.5, at: 0, length: 0.09, wave: 'sine', volume: 0.35 },
    { frequency: 1568, at: 0.1, length: 0.16, wave: 'sine', volume: 0.35 },
  ],
  // two low square pulses: unmistakably "no"
  declined: [
    { frequency: 196, at: 0, length: 0.16, wave: 'square', volume: 0.18 },
    { frequency: 185, at: 0.22, length: 0.22, wave: 'square', volume: 0.18 },
  ],
  // one soft triangle note: "look at the screen"
  unconfirmed: [{ frequency: 659.3, at: 0, length: 0.3, wave: 'triangle', volume: 0.3 }],
};

type AudioContextClass = new () => AudioContext;

let context: AudioContext | null = null;
/** tones played so far (what tests and diagnostics can read) */
const played: Tone[] = [];

function audioContextClass(): AudioContextClass | undefined {
  const scope = globalThis as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return scope.AudioContext ?? scope.webkitAudioContext;
}

function ensureContext(): AudioContext | null {
  if (context) return context;
  const Ctor = audioContextClass();
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    context = null;
  }
  return context;
}

/**
 * Call from a key press or click (after anything urgent it does): the audio context is made (or
 * resumed) in a task of its own, since opening the audio output can take tens of milliseconds and
 * must not hold up a payment request. The page has been interacted with by then, so it may start.
 */
export function primeTones(): void {
  if (!audioContextClass() || (context && context.state === 'running')) return;
  setTimeout(() => {
    const ctx = ensureContext();
    if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  }, 0);
}

/** Plays a tone now. Never throws: a missing or refused audio output only means no sound. */
export function playTone(tone: Tone): void {
  played.push(tone);
  if (played.length > 50) played.shift();
  const ctx = ensureContext();
  if (!ctx) return;
  try {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.01;
    for (const note of TONES[tone]) {
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = note.wave;
      oscillator.frequency.setValueAtTime(note.frequency, start + note.at);
      // a short attack and release, so the note does not click
      gain.gain.setValueAtTime(0.0001, start + note.at);
      gain.gain.exponentialRampToValueAtTime(note.volume, start + note.at + 0.012);
      gain.gain.setValueAtTime(note.volume, start + note.at + note.length - 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + note.at + note.length);
      oscillator.connect(gain);
      gain.connect(ctx.destination);
      oscillator.start(start + note.at);
      oscillator.stop(start + note.at + note.length + 0.02);
      oscillator.onended = () => {
        oscillator.disconnect();
        gain.disconnect();
      };
    }
  } catch {
    // no sound is better than a broken screen
  }
}

/** The tones played so far, oldest first (the latest 50). */
export function playedTones(): readonly Tone[] {
  return played;
}
