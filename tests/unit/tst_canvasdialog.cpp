// SPDX-License-Identifier: GPL-2.0-or-later
// The window's part of the horizontal second canvas (issue 11 item 2): the destination dialog's Canvas
// choice (a landscape platform suggests horizontal, a vertical one vertical; saved with the
// destination and chosen again when it is selected), and Go Live handing the chosen canvas to the
// show. Fake outputs; a MemorySecretStore for the keychain.
#include "MemoryDestinationBook.h"
#include "ShowFakes.h"

#include "dialogs/DestinationDialog.h"
#include "widgets/LiveControls.h"

#include <QComboBox>
#include <QDir>
#include <QTest>

using namespace pinstage;

class tst_CanvasDialog : public QObject {
    Q_OBJECT

private slots:
    void presetSuggestsTheCanvasAndItIsSaved()
    {
        test::MemoryDestinationBook destinations;
        QVERIFY(destinations.loaded);
        DestinationBook& book = destinations.book;
        {
            DestinationDialog dialog(StreamTarget {}, &book);
            QComboBox* canvas = dialog.canvasBox();
            QVERIFY(canvas);
            QCOMPARE(dialog.canvas(), DestinationCanvas::Vertical); // the program, by default
            QVERIFY(dialog.choosePreset(QStringLiteral("youtube-rtmps")));
            QCOMPARE(dialog.canvas(), DestinationCanvas::Horizontal);
            QVERIFY(dialog.choosePreset(QStringLiteral("tiktok-live")));
            QCOMPARE(dialog.canvas(), DestinationCanvas::Vertical);
            QVERIFY(dialog.choosePreset(QStringLiteral("facebook-live")));
            QCOMPARE(dialog.canvas(), DestinationCanvas::Horizontal);
            // The seller may still choose otherwise (Facebook plays vertical videos too).
            dialog.setCanvas(DestinationCanvas::Vertical);
            QCOMPARE(canvas->currentText(), QStringLiteral("Vertical 9:16 (the program)"));
            dialog.setCanvas(DestinationCanvas::Horizontal);
            QCOMPARE(canvas->currentText(), QStringLiteral("Horizontal 16:9 (the landscape scene)"));
            const QString shots = qEnvironmentVariable("PINSTAGE_SCREENSHOT_DIR");
            if (!shots.isEmpty()) {
                dialog.resize(dialog.sizeHint());
                dialog.grab().save(QDir(shots).filePath(QStringLiteral("destination-dialog-canvas.png")));
            }
        }
        book.save({ QStringLiteral("YouTube"), QStringLiteral("rtmp://a.rtmp.youtube.com/live2"),
                      QStringLiteral("youtube-rtmps"), DestinationCanvas::Horizontal },
            QStringLiteral("yt_key_2"), true);
        book.save({ QStringLiteral("TikTok"), QStringLiteral("rtmp://push.tiktok.example/live") },
            QStringLiteral("tt_key_1"), true);
        QTRY_COMPARE(destinations.saved.size(), 2);
        QCOMPARE(destinations.settings.destination(QStringLiteral("YouTube"))->canvas, DestinationCanvas::Horizontal);

        DestinationDialog again(StreamTarget {}, &book);
        again.selectDestination(QStringLiteral("YouTube"));
        QCOMPARE(again.canvas(), DestinationCanvas::Horizontal);
        again.selectDestination(QStringLiteral("TikTok"));
        QCOMPARE(again.canvas(), DestinationCanvas::Vertical);
    }

    void goLiveHandsTheCanvasToTheShow()
    {
        test::FakeShow rig;
        LiveControls live(rig.show);
        live.setStreamTarget({ QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_key_2") });
        live.setStreamCanvas(DestinationCanvas::Horizontal);
        live.setExtraDestinations({ DestinationSpec { QStringLiteral("TikTok"),
            { QStringLiteral("rtmp://push.tiktok.example/live"), QStringLiteral("tt_key_1") }, 0 } });
        live.goLive();
        QCOMPARE(rig.outputs.started.size(), 2);
        QCOMPARE(rig.outputs.started.at(0).canvas, DestinationCanvas::Horizontal);
        QCOMPARE(rig.outputs.started.at(1).canvas, DestinationCanvas::Vertical);
        QCOMPARE(rig.outputs.destinations().at(0).canvas, DestinationCanvas::Horizontal);
    }

    void goLiveAloneOnTheHorizontalCanvas()
    {
        test::FakeShow rig;
        LiveControls live(rig.show);
        live.setStreamTarget({ QStringLiteral("rtmp://a.rtmp.youtube.com/live2"), QStringLiteral("yt_key_2") });
        live.setStreamCanvas(DestinationCanvas::Horizontal);
        live.goLive();
        QCOMPARE(rig.outputs.started.size(), 1);
        QCOMPARE(rig.outputs.started.front().canvas, DestinationCanvas::Horizontal);
    }
};

QTEST_MAIN(tst_CanvasDialog)
#include "tst_canvasdialog.moc"
