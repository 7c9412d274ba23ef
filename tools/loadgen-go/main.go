// Command loadgen-go is the load generator of scripts/bench written against etcd's own Go client
// (go.etcd.io/etcd/clientv3, built from Debian's golang-etcd-server-dev): the same closed-loop
// workloads, options and RESULT line as the Java generator, at a fraction of its client CPU, so
// that on a small machine the comparison measures the servers rather than the client.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.etcd.io/etcd/clientv3"
)

// requestTimeout fails a request that gets no answer, as the Java generator's 60 s bound does.
const requestTimeout = 60 * time.Second

type options struct {
	endpoints    string
	clients      int
	conns        int
	total        int
	warmup       int
	valSize      int
	keySpace     int
	op           string
	serializable bool
	sequential   bool
	killPid      int
}

func main() {
	var o options
	flag.StringVar(&o.endpoints, "endpoints", "127.0.0.1:2379", "members to load, comma-separated")
	flag.IntVar(&o.clients, "clients", 50, "concurrent closed-loop clients")
	flag.IntVar(&o.conns, "conns", 8, "gRPC connections, shared round-robin by the clients")
	flag.IntVar(&o.total, "total", 20000, "measured requests")
	flag.IntVar(&o.warmup, "warmup", 2000, "unmeasured requests first")
	flag.IntVar(&o.valSize, "val-size", 256, "value size in bytes for put")
	flag.IntVar(&o.keySpace, "key-space", 10000, "keys are bench/00000000 .. key-space-1")
	flag.StringVar(&o.op, "op", "put", "put, txn-put (a txn whose success branch puts) or range")
	flag.BoolVar(&o.serializable, "serializable", false, "ranges skip the read barrier")
	flag.BoolVar(&o.sequential, "sequential", false, "keys in order instead of at random (to load every key once)")
	flag.IntVar(&o.killPid, "kill", 0, "with --op failover: the leader's process, killed with SIGKILL once connected")
	flag.Parse()
	if o.op != "put" && o.op != "txn-put" && o.op != "range" && o.op != "failover" {
		fmt.Fprintln(os.Stderr, "--op must be put, txn-put, range or failover")
		os.Exit(2)
	}
	if (o.op == "failover") != (o.killPid > 0) {
		fmt.Fprintln(os.Stderr, "--op failover and --kill PID go together")
		os.Exit(2)
	}

	conns := make([]*clientv3.Client, o.conns)
	for i := range conns {
		c, err := clientv3.New(clientv3.Config{
			Endpoints: strings.Split(o.endpoints, ","), DialTimeout: 5 * time.Second})
		if err != nil {
			fmt.Fprintln(os.Stderr, "connect:", err)
			os.Exit(1)
		}
		defer c.Close()
		conns[i] = c
	}
	keys := make([]string, o.keySpace)
	for i := range keys {
		keys[i] = fmt.Sprintf("bench/%08d", i)
	}
	value := make([]byte, o.valSize)
	rand.New(rand.NewSource(42)).Read(value)

	if o.op == "failover" {
		failover(o, conns[0], keys[0], string(value))
		return
	}
	fmt.Printf("op=%s endpoints=%s clients=%d conns=%d total=%d warmup=%d val-size=%d key-space=%d (go clientv3)\n",
		o.op, o.endpoints, o.clients, o.conns, o.total, o.warmup, o.valSize, o.keySpace)
	if o.warmup > 0 {
		run(o, conns, keys, string(value), o.warmup)
	}
	// Scripts sample the server's CPU time at this line, to charge it per measured request.
	fmt.Println("measuring")
	latencies, elapsed, errors, firstErr := run(o, conns, keys, string(value), o.total)
	report(o, latencies, elapsed, errors, firstErr)
	if errors > 0 {
		os.Exit(1)
	}
}

// run sends count requests from all clients, each sending its next request when the previous one
// answers, and returns every latency, the wall-clock time and the failures.
func run(o options, conns []*clientv3.Client, keys []string, value string, count int) (
	[]time.Duration, time.Duration, int64, error) {
	var issued, errors int64
	var firstErr error
	var firstErrOnce sync.Once
	perClient := make([][]time.Duration, o.clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < o.clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			kv := conns[c%len(conns)].KV
			random := rand.New(rand.NewSource(int64(c) + time.Now().UnixNano()))
			for n := atomic.AddInt64(&issued, 1); n <= int64(count); n = atomic.AddInt64(&issued, 1) {
				key := keys[random.Intn(len(keys))]
				if o.sequential {
					key = keys[(n-1)%int64(len(keys))]
				}
				sent := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
				var err error
				if o.op == "put" {
					_, err = kv.Put(ctx, key, value)
				} else if o.op == "txn-put" {
					_, err = kv.Txn(ctx).Then(clientv3.OpPut(key, value)).Commit()
				} else if o.serializable {
					_, err = kv.Get(ctx, key, clientv3.WithSerializable())
				} else {
					_, err = kv.Get(ctx, key)
				}
				cancel()
				perClient[c] = append(perClient[c], time.Since(sent))
				if err != nil {
					atomic.AddInt64(&errors, 1)
					firstErrOnce.Do(func() { firstErr = err })
				}
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	for _, l := range perClient {
		all = append(all, l...)
	}
	return all, elapsed, errors, firstErr
}

func report(o options, latencies []time.Duration, elapsed time.Duration, errors int64, firstErr error) {
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	ms := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		i := int(p / 100 * float64(len(latencies)))
		if i >= len(latencies) {
			i = len(latencies) - 1
		}
		return float64(latencies[i]) / 1e6
	}
	max := ms(100)
	perSecond := float64(len(latencies)) / elapsed.Seconds()
	fmt.Printf("throughput: %.1f ops/s (%d requests in %.2f s, %d errors)\n",
		perSecond, len(latencies), elapsed.Seconds(), errors)
	fmt.Printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", ms(50), ms(90), ms(99), max)
	if firstErr != nil {
		fmt.Println("first error:", firstErr)
	}
	fmt.Printf("RESULT op=%s ops_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d\n",
		o.op, perSecond, ms(50), ms(90), ms(99), max, errors)
}

// failoverAttemptEvery spaces the probe's writes: the failover time is known to within it, and
// attempts hanging on a member that has no leader yet do not delay the next ones.
const failoverAttemptEvery = 10 * time.Millisecond

// failoverLimit bounds the probe: a cluster that accepts no write for this long has failed.
const failoverLimit = 60 * time.Second

// failover is the leader-failover probe of scripts/bench-compare: once connected to the members that
// remain (one put through them shows the cluster works), it kills the leader with SIGKILL, then
// starts a put every failoverAttemptEvery, each with its own timeout, and reports the time from the
// kill to the first put the cluster acknowledges.
func failover(o options, c *clientv3.Client, key string, value string) {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	_, err := c.Put(ctx, key, value)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "the put before the kill failed:", err)
		os.Exit(1)
	}
	accepted := make(chan time.Duration, 1)
	var attempts, errors int64
	killed := time.Now()
	if err := syscall.Kill(o.killPid, syscall.SIGKILL); err != nil {
		fmt.Fprintln(os.Stderr, "kill", o.killPid, ":", err)
		os.Exit(1)
	}
	ticker := time.NewTicker(failoverAttemptEvery)
	defer ticker.Stop()
	limit := time.After(failoverLimit)
	for {
		atomic.AddInt64(&attempts, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), failoverLimit)
			defer cancel()
			if _, err := c.Put(ctx, key, value); err != nil {
				atomic.AddInt64(&errors, 1)
				return
			}
			select {
			case accepted <- time.Since(killed):
			default:
			}
		}()
		select {
		case d := <-accepted:
			fmt.Printf("RESULT op=failover failover_ms=%.1f attempts=%d failed_attempts=%d\n",
				float64(d)/1e6, atomic.LoadInt64(&attempts), atomic.LoadInt64(&errors))
			return
		case <-limit:
			fmt.Fprintf(os.Stderr, "no put accepted within %v of the kill\n", failoverLimit)
			os.Exit(1)
		case <-ticker.C:
		}
	}
}
