// SPDX-License-Identifier: GPL-2.0-or-later
// The log redactor's writer: libobs threads only queue redacted lines; a stderr that nobody reads
// (a full pipe) never stalls them. Lines that do not fit the bounded queue are dropped, counted and
// reported, and flush() writes everything else once stderr drains.
#include "obs/ObsLog.h"

#include <util/base.h>

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

using namespace pinstage;

namespace {

// Points fd 2 at a pipe and fills the pipe, so the next write to stderr blocks until someone reads.
class BlockedStderr {
public:
    BlockedStderr()
    {
        m_saved = ::dup(STDERR_FILENO);
        if (::pipe(m_pipe) != 0)
            return;
        ::fcntl(m_pipe[1], F_SETFL, ::fcntl(m_pipe[1], F_GETFL) | O_NONBLOCK);
        const QByteArray filler(4096, 'x');
        while (::write(m_pipe[1], filler.constData(), filler.size()) > 0)
            m_filled += filler.size();
        ::fcntl(m_pipe[1], F_SETFL, ::fcntl(m_pipe[1], F_GETFL) & ~O_NONBLOCK);
        ::dup2(m_pipe[1], STDERR_FILENO);
        m_ok = true;
    }
    ~BlockedStderr()
    {
        ::dup2(m_saved, STDERR_FILENO);
        ::close(m_saved);
        ::close(m_pipe[1]);
        if (m_reader.joinable())
            m_reader.join();
        ::close(m_pipe[0]);
    }
    bool ok() const { return m_ok; }
    qint64 filled() const { return m_filled; }

    /// Starts reading the pipe (stderr unblocks); everything read is kept, filler first.
    void drain()
    {
        m_reader = std::thread([this] {
            char buffer[65536];
            for (;;) {
                const ssize_t n = ::read(m_pipe[0], buffer, sizeof buffer);
                if (n <= 0)
                    return;
                std::lock_guard lock(m_mutex);
                m_read.append(buffer, n);
            }
        });
    }
    QByteArray read() const
    {
        std::lock_guard lock(m_mutex);
        return m_read;
    }
    /// Ends the reader once every writer let go of the pipe (restores fd 2 first).
    void finish()
    {
        ::dup2(m_saved, STDERR_FILENO);
        ::close(m_pipe[1]);
        m_pipe[1] = -1;
        if (m_reader.joinable())
            m_reader.join();
    }

private:
    int m_saved = -1;
    int m_pipe[2] = { -1, -1 };
    qint64 m_filled = 0;
    bool m_ok = false;
    std::thread m_reader;
    mutable std::mutex m_mutex;
    QByteArray m_read;
};

} // namespace

class tst_LogWriter : public QObject {
    Q_OBJECT
private slots:
    void blockedStderrNeverStallsLoggingThreads();
};

void tst_LogWriter::blockedStderrNeverStallsLoggingThreads()
{
    constexpr int kLines = 3 * ObsLog::kMaxQueuedLines; // three queues' worth: some must be dropped
    const QByteArray secret = "live_sk_5e4d3c2b1a";
    ObsLog::addSecret(QString::fromLatin1(secret));

    BlockedStderr stderrPipe;
    QVERIFY(stderrPipe.ok());
    ObsLog::install(QString(), true); // no file; stderr on, as with --verbose
    QVERIFY(ObsLog::flush(1000)); // nothing queued yet

    // A libobs thread (say, the graphics thread) logs while nobody reads stderr.
    std::atomic<bool> done = false;
    std::atomic<qint64> slowestNs = 0;
    QElapsedTimer total;
    total.start();
    std::thread libobsThread;
    // Whatever happens below, let the thread end (drain stderr if it is stuck) before it is destroyed.
    const auto joinThread = qScopeGuard([&] {
        if (!done)
            stderrPipe.drain();
        if (libobsThread.joinable())
            libobsThread.join();
    });
    libobsThread = std::thread([&] {
        QElapsedTimer call;
        for (int i = 0; i < kLines; ++i) {
            call.start();
            blog(LOG_INFO, "frame %d rendered; publishing %s to rtmp://ingest.example.com/live/%s", i,
                secret.constData(), "unregistered_name_77");
            slowestNs = std::max<qint64>(slowestNs, call.nsecsElapsed());
        }
        done = true;
    });
    // With the writer stuck on stderr, every call still returns: the thread ends on its own.
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 20000);
    const qint64 totalMs = total.elapsed();
    qInfo("%d lines logged in %lld ms while stderr was blocked; slowest call %.3f ms; %llu dropped", kLines, totalMs,
        slowestNs.load() / 1e6, static_cast<unsigned long long>(ObsLog::droppedLines()));
    QVERIFY2(slowestNs.load() < 200'000'000, "one log call waited more than 200 ms");
    QVERIFY(!ObsLog::flush(200)); // the writer is still stuck
    const std::uint64_t dropped = ObsLog::droppedLines();
    QVERIFY2(dropped > 0, "three queues' worth of lines fitted a blocked queue");

    // stderr drains: everything queued comes out, then how many lines were lost.
    stderrPipe.drain();
    QVERIFY(ObsLog::flush(20000));
    stderrPipe.finish();
    const QByteArray out = stderrPipe.read().mid(stderrPipe.filled());
    const qsizetype written = out.count("] frame ");
    QCOMPARE(static_cast<std::uint64_t>(written) + dropped, static_cast<std::uint64_t>(kLines));
    QVERIFY2(out.contains(QStringLiteral("pinstage: %1 log lines were dropped").arg(dropped).toUtf8()),
        out.right(500).constData());
    QVERIFY(out.startsWith(QByteArray("20"))); // the first line is whole (a timestamp)
    QVERIFY2(!out.contains(secret), "a registered secret reached stderr");
    QVERIFY2(!out.contains("unregistered_name_77"), "a stream name in an ingest URL reached stderr");
    QVERIFY(out.contains("publishing •••• to rtmp://ingest.example.com/live/••••"));
}

QTEST_GUILESS_MAIN(tst_LogWriter)
#include "tst_logwriter.moc"
