//! The chaos test: two threads in `run()`, for a bounded time, many operations of every kind
//! (timer waits, socket reads and writes on loopback pairs, accepts, connects) in every token
//! style (closures, `UseFuture` in `co_spawn`, `Blocking` from other threads, `cancel_after`,
//! `bind_cancellation_slot`), with random `cancel()`, `close()`, resets, timer changes,
//! signal emits and drops of I/O objects; then the context is dropped with operations still
//! pending.
//!
//! Asserted (G3): every initiated operation completed exactly once or was dropped uninvoked
//! with the context, and nothing else (the ledger in `support/chaos.rs`); only the errors
//! of cancellation, closing and peers going away; bytes written and acknowledged == bytes read
//! and verified on the pairs the chaos never closes, and every byte read is the byte written.
//!
//! About 3 s by default; `JETON_CHAOS_SECS=20` runs longer, `JETON_CHAOS_SEED=N` replays a
//! seed (the interleaving of threads differs from run to run; the choices do not). The seed
//! and the counts are printed (`--nocapture`) and the seed is in every failure message.

mod support;

#[path = "support/chaos.rs"]
mod chaos;
#[macro_use]
#[path = "support/chaos_pair.rs"]
mod chaos_pair;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use jeton::net::{TcpAcceptor, TcpSocket};
use jeton::{co_spawn, Blocking, IoContext, SteadyTimer, UseFuture, WorkGuard};

use chaos::{env_or, Kind, Ledger, Rng, Ticket};
use chaos_pair::{cancellation_type, loopback_pair, Adapt, Chain, Pair, Shared, Style};

/// Stream pairs: the even ones are never closed (their bytes must all arrive), the odd ones
/// are closed, reset or dropped at a random time.
const PAIRS: usize = 9;

/// Timer slots, each holding a timer the chaos may cancel, re-arm or drop.
const TIMERS: usize = 16;

/// The most operations in flight before the driver waits for the context to catch up.
const MAX_IN_FLIGHT: u64 = 3000;

/// A blocking call, run by one of the extra threads.
type Job = Box<dyn FnOnce() + Send>;

/// Everything the chaos works on.
struct World {
    sh: Arc<Shared>,
    timers: Vec<Mutex<Option<Arc<SteadyTimer>>>>,
    acceptor: TcpAcceptor,
    addr: SocketAddr,
    refused: SocketAddr,
    pairs: Vec<Arc<Pair>>,
    jobs: mpsc::SyncSender<Job>,
}

impl World {
    fn timer(&self, i: usize) -> Arc<SteadyTimer> {
        let mut slot = self.timers[i].lock().unwrap();
        slot.get_or_insert_with(|| Arc::new(SteadyTimer::new(&self.sh.ex)))
            .clone()
    }

    /// Runs `call` on one of the blocking threads, unless they are all busy; `call` is
    /// given the ticket of its operation, entered only if it runs.
    fn blocking(&self, kind: Kind, call: impl FnOnce(Ticket) + Send + 'static) {
        let ledger = self.sh.ledger.clone();
        let _ = self
            .jobs
            .try_send(Box::new(move || call(ledger.ticket(kind))));
    }

    /// Starts a wait on timer `i` in a random style.
    fn timer_wait(&self, rng: &mut Rng) {
        let timer = self.timer(rng.below(TIMERS));
        let (sh, how) = (self.sh.clone(), Adapt::pick(rng));
        let style = rng.below(3);
        if style == 2 {
            let d = rng.micros(30_000);
            return self.blocking(Kind::Timer, move |t| {
                t.complete(&timer.async_wait(jeton::cancel_after(d, Blocking)))
            });
        }
        let t = sh.ledger.ticket(Kind::Timer);
        match style {
            0 => adapt!(sh, how, move |r: io::Result<()>| t.complete(&r), |tok| {
                timer.async_wait(tok)
            }),
            1 => {
                let ex = sh.ex.clone();
                let task = async move {
                    // The wait does not keep its timer: dropping the slot drops the timer.
                    let r = adapt!(sh, how, UseFuture, |tok| {
                        let wait = timer.async_wait(tok);
                        drop(timer);
                        wait.await
                    });
                    t.complete(&r)
                };
                co_spawn(&ex, task, |()| {});
            }
            _ => unreachable!("blocking waits are started above"),
        }
    }

    /// Cancels, re-arms or drops timer `i`.
    fn timer_chaos(&self, rng: &mut Rng) {
        let i = rng.below(TIMERS);
        match rng.below(5) {
            0 => drop(self.timers[i].lock().unwrap().take()),
            1 => _ = self.timer(i).cancel(),
            2 => _ = self.timer(i).cancel_one(),
            3 => _ = self.timer(i).expires_after(Duration::from_secs(3600)),
            _ => _ = self.timer(i).expires_after(rng.micros(20_000)),
        }
    }

    /// Starts an accept in a random style; the accepted socket is dropped at once.
    fn accept(self: &Arc<Self>, rng: &mut Rng) {
        let (w, how) = (self.clone(), Adapt::pick(rng));
        let style = rng.below(3);
        if style == 2 {
            let d = rng.micros(20_000);
            return self.blocking(Kind::Accept, move |t| {
                t.complete(&w.acceptor.async_accept(jeton::cancel_after(d, Blocking)))
            });
        }
        let t = self.sh.ledger.ticket(Kind::Accept);
        match style {
            0 => {
                let handler = move |r: io::Result<(TcpSocket, SocketAddr)>| t.complete(&r);
                adapt!(self.sh, how, handler, |tok| self.acceptor.async_accept(tok))
            }
            1 => co_spawn(
                &self.sh.ex,
                async move {
                    let r = adapt!(w.sh, how, UseFuture, |tok| w
                        .acceptor
                        .async_accept(tok)
                        .await);
                    t.complete(&r)
                },
                |()| {},
            ),
            _ => unreachable!("blocking accepts are started above"),
        }
    }

    /// Starts a connect (to the acceptor, or to a port nothing listens on) in a random style;
    /// the socket is sometimes dropped at once, which aborts the connect.
    fn connect(&self, rng: &mut Rng) {
        let sock = Arc::new(TcpSocket::new(&self.sh.ex));
        let to = if rng.chance(10) {
            self.refused
        } else {
            self.addr
        };
        let how = Adapt::pick(rng);
        let style = rng.below(3);
        if style == 2 {
            // Bounded: a full listen queue would hold a connect for seconds.
            let bound = jeton::cancel_after(Duration::from_millis(50), Blocking);
            return self.blocking(Kind::Connect, move |t| {
                t.complete(&sock.async_connect(to, bound))
            });
        }
        let t = self.sh.ledger.ticket(Kind::Connect);
        let keep = (!rng.chance(20)).then(|| sock.clone());
        match style {
            0 => {
                let handler = move |r: io::Result<()>| {
                    t.complete(&r);
                    drop(keep);
                };
                adapt!(self.sh, how, handler, |tok| sock.async_connect(to, tok))
            }
            1 => {
                let sh = self.sh.clone();
                let task = async move {
                    let r = adapt!(sh, how, UseFuture, |tok| sock.async_connect(to, tok).await);
                    t.complete(&r);
                    drop(keep);
                };
                co_spawn(&self.sh.ex, task, |()| {});
            }
            _ => unreachable!("blocking connects are started above"),
        }
    }

    /// Emits a random cancellation on one of the recent signals.
    fn emit(&self, rng: &mut Rng) {
        let signals = self.sh.signals.lock().unwrap();
        if !signals.is_empty() {
            signals[rng.below(signals.len())].emit(cancellation_type(rng));
        }
    }
}

/// Builds the world: pairs with their chains started, timers, the acceptor, and two
/// threads for blocking jobs, and the threads of the blocking chains.
fn build(
    io: &IoContext,
    ledger: &Arc<Ledger>,
    rng: &mut Rng,
) -> (Arc<World>, Vec<Job>, Vec<Chain>) {
    let ex = io.executor();
    let sh = Arc::new(Shared {
        ex: ex.clone(),
        ledger: ledger.clone(),
        stop: Default::default(),
        signals: Mutex::default(),
    });
    let acceptor = TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let listener = TcpAcceptor::bind(&ex, "127.0.0.1:0").unwrap();
    let pairs: Vec<Arc<Pair>> = (0..PAIRS)
        .map(|id| Arc::new(Pair::new(id, id % 2 == 1, loopback_pair(&listener))))
        .collect();
    let refused = listener.local_addr().unwrap();
    drop(listener);
    let (jobs, queue) = mpsc::sync_channel::<Job>(64);
    let queue = Arc::new(Mutex::new(queue));
    let workers: Vec<Job> = (0..2)
        .map(|_| {
            let q = queue.clone();
            Box::new(move || {
                while let Ok(job) = { q.lock().unwrap().recv() } {
                    job();
                }
            }) as Job
        })
        .collect();
    let world = Arc::new(World {
        sh: sh.clone(),
        timers: (0..TIMERS).map(|_| Mutex::default()).collect(),
        addr: acceptor.local_addr().unwrap(),
        acceptor,
        refused,
        pairs,
        jobs,
    });
    let styles = [Style::Closure, Style::Task, Style::Blocking];
    let mut chains = Vec::new();
    for (i, p) in world.pairs.iter().enumerate() {
        let (w, r) = (styles[i % 3], styles[(i / 3) % 3]);
        chains.push(chaos_pair::start_writer(
            sh.clone(),
            p.clone(),
            w,
            rng.fork(),
        ));
        chains.push(chaos_pair::start_reader(
            sh.clone(),
            p.clone(),
            r,
            rng.fork(),
        ));
    }
    (world, workers, chains)
}

/// Drives the chaos until `deadline`; returns the number of actions taken.
fn drive(world: &Arc<World>, rng: &mut Rng, deadline: Instant) -> u64 {
    let start = Instant::now();
    let secs = deadline
        .saturating_duration_since(start)
        .as_secs_f64()
        .max(0.1);
    let doom_at: Vec<Duration> = (0..PAIRS)
        .map(|_| Duration::from_secs_f64(secs * (rng.below(90) as f64 / 100.0)))
        .collect();
    let mut doomed = [false; PAIRS];
    let mut actions = 0;
    while Instant::now() < deadline {
        actions += 1;
        if world.sh.ledger.in_flight() > MAX_IN_FLIGHT {
            std::thread::sleep(Duration::from_micros(500));
            continue;
        }
        for (i, p) in world.pairs.iter().enumerate() {
            if p.doomed && !doomed[i] && start.elapsed() >= doom_at[i] {
                doomed[i] = true;
                p.doom(rng);
            }
        }
        match rng.below(100) {
            0..=29 => world.timer_wait(rng),
            30..=39 => world.timer_chaos(rng),
            40..=47 => world.accept(rng),
            48..=55 => world.connect(rng),
            56..=63 => world.pairs[rng.below(PAIRS)].cancel(rng.chance(50)),
            64..=73 => world.emit(rng),
            74 => world.acceptor.cancel(),
            _ => std::thread::sleep(rng.micros(200)),
        }
    }
    actions
}

#[test]
fn chaos_every_operation_completes_once_or_is_dropped_with_its_context() {
    let secs: f64 = env_or("JETON_CHAOS_SECS", 3.0);
    let seed: u64 = env_or(
        "JETON_CHAOS_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    );
    let _w = support::watchdog(60 + 2 * secs as u64);
    let mut rng = Rng::new(seed);
    let ledger = Ledger::new();
    let io = Arc::new(IoContext::new().unwrap());
    let guard = WorkGuard::new(&io.executor());
    let runners: Vec<_> = (0..2)
        .map(|_| {
            let io = io.clone();
            std::thread::spawn(move || {
                io.run();
            })
        })
        .collect();
    let (world, workers, chains) = build(&io, &ledger, &mut rng);
    let workers: Vec<_> = workers.into_iter().map(std::thread::spawn).collect();

    let actions = drive(
        &world,
        &mut rng,
        Instant::now() + Duration::from_secs_f64(secs),
    );

    // The end: chains stop after the operation in flight; the writers of the pairs never
    // closed shut down their side, and their readers read to the end.
    world.sh.stop.store(true, SeqCst);
    let drain = Instant::now() + Duration::from_secs(20);
    while world.pairs.iter().any(|p| !p.doomed && !p.done()) && Instant::now() < drain {
        std::thread::sleep(Duration::from_millis(5));
    }
    // Operations left pending for the drop: long waits, accepts nobody connects to.
    for i in 0..TIMERS {
        let _ = world.timer(i).expires_after(Duration::from_secs(3600));
    }
    for _ in 0..10 {
        world.timer_wait(&mut rng);
        world.accept(&mut rng);
    }
    std::thread::sleep(Duration::from_millis(20));
    ledger.dropping_context();
    io.stop();
    for r in runners {
        r.join().unwrap();
    }
    drop(guard);
    let io = Arc::try_unwrap(io).unwrap_or_else(|_| panic!("seed {seed}: the context is shared"));
    drop(io);
    // The blocking threads end: their calls complete (the context is gone) and the queue
    // closes with the world.
    let pairs: Vec<Arc<Pair>> = world.pairs.clone();
    drop(world);
    for w in workers {
        w.join().unwrap();
    }
    for c in chains.into_iter().flatten() {
        c.join().unwrap();
    }

    let (initiated, completed, dropped) = ledger.totals();
    let (written, read) = (
        ledger.bytes_written.load(SeqCst),
        ledger.bytes_read.load(SeqCst),
    );
    let verified: u64 = pairs
        .iter()
        .filter(|p| !p.doomed)
        .map(|p| p.read.load(SeqCst))
        .sum();
    eprintln!(
        "chaos: seed {seed}, {secs} s, {actions} actions, {initiated} operations: {completed} \
         completed, {dropped} dropped with the context; {written} bytes written, {read} read, \
         {verified} of them on the pairs never closed (written == read checked)"
    );
    for (kind, c) in ledger.counts() {
        eprintln!("chaos:   {kind:?}: {c:?}");
    }
    let violations = ledger.violations();
    assert!(violations.is_empty(), "seed {seed}: {violations:#?}");
    assert_eq!(
        initiated,
        completed + dropped,
        "seed {seed}: operations neither completed nor dropped"
    );
    for p in pairs.iter().filter(|p| !p.doomed) {
        assert!(p.done(), "seed {seed}: pair {} did not drain", p.id);
        let (w, r) = (p.written.load(SeqCst), p.read.load(SeqCst));
        assert_eq!(w, r, "seed {seed}: pair {}: written != read", p.id);
        assert!(w > 0, "seed {seed}: pair {} moved nothing", p.id);
    }
    for p in pairs.iter().filter(|p| p.doomed) {
        let (w, r) = (p.written.load(SeqCst), p.read.load(SeqCst));
        assert!(r <= w, "seed {seed}: pair {}: read {r} > written {w}", p.id);
    }
}
