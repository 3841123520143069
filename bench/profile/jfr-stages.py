#!/usr/bin/env python3
"""Where a stage's CPU goes, from a JFR recording of `./jst-pipeline bench` (BENCHMARKS.md, "Cost per row").

    JST_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile" ./jst-pipeline bench ...
    jfr print --stack-depth 64 --events jdk.ExecutionSample /tmp/bench.jfr > /tmp/samples.txt
    bench/profile/jfr-stages.py /tmp/samples.txt transformer     # or sink, extractor, broker

Groups the execution samples by stage as the benchmark's CpuByStage does, with one difference: JFR keeps a
thread's first name, so Connect's task threads (renamed task-thread-… when a task starts) show as pool-N-thread-N
and are told by their stack (WorkerSinkTask). Prints the stage's methods by own samples and by samples under them.
"""
import collections
import re
import sys


def stage(thread, frames):
    if thread.startswith('qimen-sandbox') or thread.startswith('HTTP-Dispatcher'):
        return 'sandbox'
    if 'jst-extractor' in thread or thread.startswith('OkHttp') or thread.startswith('bench-extraction'):
        return 'extractor'
    if 'StreamThread' in thread or 'jst-transformer' in thread:
        return 'transformer'
    if (thread.startswith('task-thread-') or 'connector-' in thread or thread.startswith('jst-sink-')
            or any('WorkerSinkTask' in f for f in frames)):
        return 'sink'
    if any(word in thread for word in ('kafka', 'raft', 'broker', 'ExpirationReaper', 'controller', 'coordinator')):
        return 'broker'
    return 'other'


def main(path, wanted, top=30):
    own, under, threads = collections.Counter(), collections.Counter(), collections.Counter()
    samples = 0
    for event in open(path, encoding='utf-8').read().split('jdk.ExecutionSample {')[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', event).group(1)
        lines = event.split('stackTrace = [')[1].split('\n')[1:]
        frames = [re.sub(r'\(.*', '', line.strip()) for line in lines if line.strip() not in ('', ']', '...', '}')]
        if stage(thread, frames) != wanted or not frames:
            continue
        samples += 1
        threads[re.sub(r'\d+', 'N', thread)] += 1
        own[frames[0]] += 1
        for frame in set(frames):
            under[frame] += 1
    print(f'{wanted}: {samples} samples; threads {threads.most_common(4)}')
    print('--- own samples')
    for frame, count in own.most_common(top):
        print(f'{count:6d} {100 * count / samples:5.1f}%  {frame}')
    print('--- samples under (our code, Kafka, Jackson, drivers)')
    shown = 0
    for frame, count in under.most_common():
        if any(p in frame for p in ('jstpipeline', 'kafka', 'jackson', 'mariadb', 'mysql', 'debezium', 'hibernate')):
            print(f'{count:6d} {100 * count / samples:5.1f}%  {frame}')
            shown += 1
            if shown == top:
                break


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
