// SPDX-License-Identifier: GPL-2.0-or-later
// Several destinations in the window (issue 11 items 1 and 8): the destination dialog's "Also
// stream to" boxes (one per other saved destination), LiveControls going live to all of them at
// once through the show controller, and the status bar's per-destination health (bitrate,
// dropped frames, congestion, reconnects; issue 11 item 4: the retry countdown, Reconnect now,
// the failure's reason). Fake outputs; a MemorySecretStore for the keychain.
// With PINSTAGE_SCREENSHOT_DIR set, the dialog and the status bar are saved there as PNGs.
#include "MemoryDestinationBook.h"
#include "ShowFakes.h"

#include "dialogs/DestinationDialog.h"
#include "widgets/LiveControls.h"
#include "widgets/StatsBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

using namespace pinstage;

namespace {

void screenshot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name));
}

DestinationStatus status(const QString& name, DestinationStatus::State state, qint64 at, quint64 bytes, quint64 frames,
    quint64 dropped, int reconnects)
{
    DestinationStatus s;
    s.name = name;
    s.state = state;
    s.takenAtMs = at;
    s.bytes = bytes;
    s.frames = frames;
    s.dropped = dropped;
    s.reconnects = reconnects;
    return s;
}

} // namespace

class TestDestinationWidgets : public QObject {
    Q_OBJECT

private slots:
    void dialogOffersTheOtherSavedDestinations()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        book.save({ QStringLiteral("YouTube"), QStringLiteral("rtmp://a.rtmp.youtube.com/live2") },
            QStringLiteral("yt_key_2"), true);
        book.save({ QStringLiteral("Backup"), QStringLiteral("rtmp://backup.example/live") },
            QStringLiteral("bk_key_3"), true);
        book.save({ QStringLiteral("TikTok"), QStringLiteral("rtmp://push.tiktok.example/live") },
            QStringLiteral("tt_key_1"), true);
        QTRY_COMPARE(destinations.saved.size(), 3);

        DestinationDialog dialog(StreamTarget {}, &book);
        dialog.selectDestination(QStringLiteral("TikTok"));
        const QList<QCheckBox*> boxes = dialog.findChildren<QCheckBox*>(QStringLiteral("alsoStreamTo"));
        QCOMPARE(boxes.size(), 3);
        // The destination being edited is not offered as an extra.
        for (QCheckBox* box : boxes)
            QCOMPARE(box->isVisibleTo(&dialog), box->text() != QLatin1String("TikTok"));
        dialog.setAlsoStreamTo({ QStringLiteral("YouTube"), QStringLiteral("Backup"), QStringLiteral("TikTok") });
        QCOMPARE(dialog.alsoStreamTo(), (QStringList { QStringLiteral("YouTube"), QStringLiteral("Backup") }));
        for (QCheckBox* box : boxes) {
            if (box->text() == QLatin1String("Backup"))
                box->setChecked(false);
        }
        QCOMPARE(dialog.alsoStreamTo(), QStringList { QStringLiteral("YouTube") });
        dialog.resize(dialog.sizeHint());
        screenshot(&dialog, QStringLiteral("destination-dialog-also-stream-to.png"));
    }

    void liveControlsGoLiveToEveryDestination()
    {
        test::FakeShow rig;
        LiveControls live(rig.show);
        live.setStreamTarget({ QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_key_1") });
        live.setExtraDestinations(
            { DestinationSpec { QStringLiteral("YouTube"),
                  { QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_2") }, 0 },
                DestinationSpec { QStringLiteral("Backup"),
                    { QStringLiteral("rtmp://backup.example/live"), QStringLiteral("bk_3") }, 0 } });
        QPushButton* button = live.findChild<QPushButton*>(QStringLiteral("destinationButton"));
        QVERIFY(button);
        QCOMPARE(button->text(), QStringLiteral("→ push.tiktok.example + 2 more"));
        live.goLive();
        QCOMPARE(rig.outputs.started.size(), 3);
        QCOMPARE(rig.outputs.started.at(1).name, QStringLiteral("YouTube"));
        QCOMPARE(rig.show.state(), ShowController::State::Connecting);
        rig.outputs.connected(2);
        QCOMPARE(rig.show.state(), ShowController::State::Live);
    }

    void statusBarShowsEachDestination()
    {
        test::FakeShow rig;
        StatsBar bar(rig.show);
        bar.setInterval(3'600'000); // the test samples by hand
        using S = DestinationStatus::State;
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 1000, 0, 0, 0, 0),
            status(QStringLiteral("YouTube"), S::Live, 1000, 0, 0, 0, 0) });
        // One second later: TikTok sent 300 kB (2400 kb/s); YouTube dropped 6 of 30 frames and
        // reconnected once; then it is reconnecting.
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 2000, 300'000, 30, 0, 0),
            status(QStringLiteral("YouTube"), S::Reconnecting, 2000, 150'000, 24, 6, 1) });
        const QString text = bar.text();
        const QLocale locale;
        QVERIFY2(text.contains(QStringLiteral("TikTok: %1 kb/s").arg(locale.toString(2400))), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("YouTube: reconnecting…, dropped 6, congestion 20 %, reconnects 1")),
            qPrintable(text));
        QLabel* label = bar.findChild<QLabel*>(QStringLiteral("stat_destinations"));
        QVERIFY(label && !label->isHidden());
        QCOMPARE(label->property("level").toInt(), 2); // red: a destination is away
        bar.resize(1400, bar.sizeHint().height());
        screenshot(&bar, QStringLiteral("statsbar-destinations.png"));
        // One destination: the entry is hidden (the bar's own values say it all).
        bar.showDestinations({ status(QStringLiteral("TikTok"), S::Live, 3000, 0, 0, 0, 0) });
        QVERIFY(label->isHidden());
    }

    void statusBarReconnectsEachDestination()
    {
        // Issue 11 item 4: a destination waiting for its next try says when, with its own
        // Reconnect now button (through the show controller); a failed one says why.
        test::FakeShow rig;
        StatsBar bar(rig.show);
        bar.setInterval(3'600'000); // the test samples by hand
        QString error;
        QVERIFY2(rig.show.goLive(
                     { DestinationSpec { QStringLiteral("TikTok"),
                           { QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_key_1") }, 0 },
                         DestinationSpec { QStringLiteral("YouTube"),
                             { QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_2") }, 0 } },
                     &error),
            qPrintable(error));
        rig.outputs.connected(0);
        rig.outputs.connected(1);
        QCOMPARE(rig.show.state(), ShowController::State::Live);
        bar.refresh();
        for (int i : { 0, 1 })
            QVERIFY(!bar.reconnectButton(i) || !bar.reconnectButton(i)->isVisibleTo(&bar));

        rig.outputs.waiting(1, 12, QStringLiteral("could not connect to the server"));
        bar.refresh();
        QVERIFY2(bar.text().contains(QStringLiteral("YouTube: reconnecting in 12 s")), qPrintable(bar.text()));
        QCOMPARE(rig.show.state(), ShowController::State::Live); // TikTok carries the show
        QToolButton* button = bar.reconnectButton(1);
        QVERIFY(button && button->isVisibleTo(&bar) && button->isEnabled());
        QCOMPARE(button->text(), QStringLiteral("Reconnect YouTube now"));
        QVERIFY(!bar.reconnectButton(0)->isVisibleTo(&bar));
        button->click();
        QCOMPARE(rig.outputs.reconnectNowAsked, QList<int> { 1 });
        // Every waiting destination at once (Show ▸ Reconnect now).
        QVERIFY(rig.show.reconnectNow());
        QCOMPARE(rig.outputs.reconnectNowAsked, (QList<int> { 1, -1 }));
        bar.resize(1400, bar.sizeHint().height());
        screenshot(&bar, QStringLiteral("statsbar-destination-reconnecting.png"));

        rig.outputs.failed(
            1, QStringLiteral("the server refused the stream key (not retried: retrying cannot fix this)"));
        bar.refresh();
        QVERIFY2(bar.text().contains(QStringLiteral("YouTube: failed: the server refused the stream key")),
            qPrintable(bar.text()));
        QVERIFY(!button->isVisibleTo(&bar));
    }
};

QTEST_MAIN(TestDestinationWidgets)
#include "tst_destinationwidgets.moc"
