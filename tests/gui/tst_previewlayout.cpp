// SPDX-License-Identifier: GPL-2.0-or-later
// Layout editing in the preview, through the real libobs on a private Xvfb (360x640 canvas): mouse
// presses, moves and releases sent to the preview select, move and resize an item of the program
// scene; the arrow keys nudge it; the presets place it; a locked item cannot be selected. Each
// change is checked in the collection (and its file) and in the program picture itself (the item's
// pixels at the new place), and the selection box is checked to be drawn in the preview only.
#include "MainWindow.h"
#include "ProgramFrame.h"
#include "TestDisplay.h"
#include "TestDisplayMain.h"
#include "TestStudio.h"
#include "XvfbServer.h"
#include "scene/CollectionFile.h"
#include "scene/SceneCollection.h"
#include "show/Studio.h"
#include "widgets/PreviewWidget.h"
#include "widgets/preview/LayoutEditor.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QMenu>
#include <QMouseEvent>
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <obs.h>

#include <xcb/xcb.h>
#include <xcb/xtest.h>

#include <graphics/matrix4.h>
#include <graphics/vec3.h>

#include <memory>

using namespace pinstage;
using namespace pinstage::preview;
using namespace pinstage::test;

namespace {

const QString Block = QStringLiteral("Block");
const QString Locked = QStringLiteral("Locked block");
const QString Panel = QStringLiteral("Light panel");

// libobs colours are 0xAABBGGRR. The block is a pink no test-pattern bar has.
constexpr qint64 PinkObs = 0xFF8C28FF; // RGB (255, 40, 140)

bool isPink(QRgb p)
{
    // Seen as (252, 39, 138) after the NV12 round trip; the magenta bar (189, 0, 190) and the red
    // logo pill (253, 42, 81) are not.
    return qRed(p) > 235 && qGreen(p) > 20 && qGreen(p) < 70 && qBlue(p) > 110 && qBlue(p) < 170;
}

// The bounding rectangle of the pink pixels of IMAGE (empty when none).
QRect pinkRect(const QImage& image)
{
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    int left = img.width(), top = img.height(), right = -1, bottom = -1;
    for (int y = 0; y < img.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        int count = 0;
        for (int x = 0; x < img.width(); ++x)
            count += isPink(line[x]);
        if (count < 3)
            continue; // a stray chroma fringe is not the block
        for (int x = 0; x < img.width(); ++x) {
            if (isPink(line[x])) {
                left = std::min(left, x);
                right = std::max(right, x);
            }
        }
        top = std::min(top, y);
        bottom = std::max(bottom, y);
    }
    return right < 0 ? QRect() : QRect(QPoint(left, top), QPoint(right, bottom));
}

bool near(const QRect& a, const QRect& b, int tolerance)
{
    return std::abs(a.left() - b.left()) <= tolerance && std::abs(a.top() - b.top()) <= tolerance
        && std::abs(a.right() - b.right()) <= tolerance && std::abs(a.bottom() - b.bottom()) <= tolerance;
}

QString text(const QRect& r)
{
    return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

// The snap lines' magenta (255, 64, 217) in the columns around X of a preview picture.
int snapLinePixels(const QImage& image, int x)
{
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    int count = 0;
    for (int y = 0; y < img.height(); ++y) {
        for (int dx = -2; dx <= 2; ++dx) {
            if (x + dx < 0 || x + dx >= img.width())
                continue;
            const QRgb p = img.pixel(x + dx, y);
            if (qRed(p) > 230 && qGreen(p) < 120 && qBlue(p) > 180) {
                ++count;
                break;
            }
        }
    }
    return count;
}

} // namespace

class tst_PreviewLayout : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void geometryMatchesLibobs();
    void clickSelectsTheTopmostItem();
    void escapeDeselectsAndTabCycles();
    void lockedItemCannotBeSelected();
    void dragMovesTheItem();
    void dragSnapsToTheCanvasEdgeUnlessCtrl();
    void dragWritesAtMostOncePerFrame();
    void handleDragResizesKeepingAspect();
    void shiftHandleDragResizesFreely();
    void altHandleDragCrops();
    void arrowKeysNudge();
    void presetsPlaceTheItem();
    void contextMenuOffersThePresets();
    void selectionIsDrawnInThePreviewOnly();
    void realPointerThroughTheXServer();

private:
    PreviewWidget* preview() const { return m_window->preview(); }
    LayoutEditor* editor() const { return m_window->preview()->layoutEditor(); }
    SceneCollection& scenes() const { return m_studio->scenes(); }
    ItemTransform transformOf(const QString& source) const;
    QPoint widgetPoint(const QPointF& canvas) const { return editor()->toWidget(canvas).toPoint(); }
    void send(QEvent::Type type, const QPoint& pos, Qt::MouseButtons buttons, Qt::KeyboardModifiers mods = {});
    /// Presses at FROM, moves in steps to TO, releases there.
    void drag(const QPoint& from, const QPoint& to, Qt::KeyboardModifiers mods = {}, bool release = true);
    /// Waits for the program picture to show the block at CANVASRECT.
    void verifyBlockInProgram(const QRect& canvasRect);
    QImage grabPreview() const { return preview()->screen()->grabWindow(preview()->winId()).toImage(); }

    QTemporaryDir m_data;
    std::unique_ptr<Studio> m_studio;
    std::unique_ptr<MainWindow> m_window;
};

void tst_PreviewLayout::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_data.isValid());
    const Studio::Options options = test::studioOptionsForTests(m_data.path());
    QString error;
    m_studio = Studio::create(options, &error);
    QVERIFY2(m_studio, qPrintable(error));

    // A white panel, the pink block over it, and a locked block on top of everything.
    const QString scene = scenes().programSceneName();
    auto colour = [](qint64 obs, int w, int h) {
        return QJsonObject { { QStringLiteral("color"), obs }, { QStringLiteral("width"), w },
            { QStringLiteral("height"), h } };
    };
    ItemTransform panel;
    panel.pos = QPointF(150, 30);
    QVERIFY2(scenes().addSource(
                 scene, { Panel, QStringLiteral("color_source_v3"), colour(0xFFFFFFFF, 200, 120) }, panel, &error),
        qPrintable(error));
    ItemTransform block;
    block.pos = QPointF(40, 100);
    QVERIFY2(
        scenes().addSource(scene, { Block, QStringLiteral("color_source_v3"), colour(PinkObs, 80, 60) }, block, &error),
        qPrintable(error));
    ItemTransform locked;
    locked.pos = QPointF(200, 300);
    locked.locked = true;
    QVERIFY2(scenes().addSource(
                 scene, { Locked, QStringLiteral("color_source_v3"), colour(0xFFC08020, 80, 60) }, locked, &error),
        qPrintable(error));

    m_window = std::make_unique<MainWindow>(*m_studio);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get(), kWindowWaitMs));
    QTRY_VERIFY(preview()->hasDisplay());
    // The high-DPI run (tst_previewlayout_hidpi) draws at twice the widget's pixels.
    const double scale = qEnvironmentVariable("QT_SCALE_FACTOR", QStringLiteral("1")).toDouble();
    QCOMPARE(preview()->devicePixelRatioF(), scale > 0 ? scale : 1.0);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get(), kWindowWaitMs));
    QTRY_VERIFY(editor()->selectableSources().contains(Block));
}

void tst_PreviewLayout::init()
{
    // Every case starts from the block at (40, 100), 80x60, nothing selected.
    editor()->select(QString());
    ItemTransform block;
    block.pos = QPointF(40, 100);
    QString error;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), Block, block, &error), qPrintable(error));
    preview()->setSafeAreaGuideVisible(false);
}

void tst_PreviewLayout::cleanupTestCase()
{
    m_window.reset();
    m_studio.reset();
}

ItemTransform tst_PreviewLayout::transformOf(const QString& source) const
{
    const SceneDocument* scene = scenes().document().scene(scenes().programSceneName());
    for (const SceneItemDocument& item : scene->items)
        if (item.source == source)
            return item.transform;
    return {};
}

void tst_PreviewLayout::send(QEvent::Type type, const QPoint& pos, Qt::MouseButtons buttons, Qt::KeyboardModifiers mods)
{
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent event(type, QPointF(pos), QPointF(preview()->mapToGlobal(pos)), button, buttons, mods);
    QApplication::sendEvent(preview(), &event);
}

void tst_PreviewLayout::drag(const QPoint& from, const QPoint& to, Qt::KeyboardModifiers mods, bool release)
{
    send(QEvent::MouseButtonPress, from, Qt::LeftButton, mods);
    const int steps = 8;
    for (int i = 1; i <= steps; ++i) {
        send(QEvent::MouseMove, from + (to - from) * i / steps, Qt::LeftButton, mods);
        QCoreApplication::processEvents(); // each move handled before the next, as from a hand
    }
    if (release)
        send(QEvent::MouseButtonRelease, to, Qt::NoButton, mods);
}

void tst_PreviewLayout::verifyBlockInProgram(const QRect& canvasRect)
{
    QRect seen;
    const bool arrived = QTest::qWaitFor(
        [&] {
            seen = pinkRect(grabProgramFrame(scenes().document().canvas));
            return near(seen, canvasRect, 2);
        },
        5000);
    if (!arrived) {
        const QString path = QDir::temp().filePath(QStringLiteral("pinstage-preview-layout-failed.png"));
        grabProgramFrame(scenes().document().canvas).save(path);
        qWarning("the program frame is in %s", qPrintable(path));
        QFAIL(qPrintable(QStringLiteral("block seen at %1, expected %2").arg(text(seen), text(canvasRect))));
    }
}

void tst_PreviewLayout::geometryMatchesLibobs()
{
    // The pure geometry (hit test, handles) is the box libobs draws: scale, rotation, crop.
    ItemTransform t;
    t.pos = QPointF(120, 200);
    t.scale = QPointF(1.5, 0.75);
    t.rotation = 30;
    t.crop = QMargins(10, 4, 6, 2);
    QString error;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), Block, t, &error), qPrintable(error));
    const ItemGeometry g(t, QSizeF(80, 60));
    obs_sceneitem_t* item = scenes().item(scenes().programSceneName(), Block);
    QVERIFY(item);
    auto libobsCorner = [item](float u, float v) {
        matrix4 m;
        obs_sceneitem_get_box_transform(item, &m);
        vec3 p;
        vec3_set(&p, u, v, 0.0f);
        vec3_transform(&p, &p, &m);
        return QPointF(p.x, p.y);
    };
    // libobs applies the transform on its next video tick.
    QTRY_VERIFY2(QLineF(libobsCorner(1, 1), g.handlePoint(Handle::BottomRight)).length() < 0.01,
        qPrintable(QStringLiteral("libobs %1,%2 ours %3,%4")
                       .arg(libobsCorner(1, 1).x())
                       .arg(libobsCorner(1, 1).y())
                       .arg(g.handlePoint(Handle::BottomRight).x())
                       .arg(g.handlePoint(Handle::BottomRight).y())));
    for (Handle h : { Handle::TopLeft, Handle::TopRight, Handle::BottomLeft, Handle::Right }) {
        const QPointF u = ItemGeometry::unitPoint(h);
        const QPointF theirs = libobsCorner(float(u.x()), float(u.y()));
        QVERIFY2(QLineF(theirs, g.handlePoint(h)).length() < 0.01,
            qPrintable(QStringLiteral("libobs %1,%2 ours %3,%4")
                           .arg(theirs.x())
                           .arg(theirs.y())
                           .arg(g.handlePoint(h).x())
                           .arg(g.handlePoint(h).y())));
    }
    // And the click lands on the rotated item, not on its upright box's empty corner.
    const QPointF centre = g.boxTransform().map(QPointF(0.5, 0.5));
    QCOMPARE(editor()->sourceAt(editor()->toWidget(centre)), Block);
    const QPointF outside(g.boundingRect().right() - 2, g.boundingRect().top() + 2); // in the bounding box only
    QVERIFY(!g.contains(outside));
    QVERIFY(editor()->sourceAt(editor()->toWidget(outside)) != Block);
}

void tst_PreviewLayout::clickSelectsTheTopmostItem()
{
    QSignalSpy selected(editor(), &LayoutEditor::selectionChanged);
    // The block sits over the test pattern; a click on it selects it, not what is below.
    const QPoint onBlock = widgetPoint(QPointF(80, 130));
    send(QEvent::MouseButtonPress, onBlock, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, onBlock, Qt::NoButton);
    QCOMPARE(editor()->selectedSource(), Block);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().first().toString(), Block);
    QVERIFY(preview()->hasFocus());
    QCOMPARE(transformOf(Block).pos, QPointF(40, 100)); // a click moves nothing
    QVERIFY(editor()->fitAction()->isEnabled());
    // Elsewhere: the item under the pointer there (the panel, then the full-canvas test pattern).
    const QPoint onPanel = widgetPoint(QPointF(300, 60));
    send(QEvent::MouseButtonPress, onPanel, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, onPanel, Qt::NoButton);
    QCOMPARE(editor()->selectedSource(), Panel);
    const QPoint onPattern = widgetPoint(QPointF(30, 600));
    send(QEvent::MouseButtonPress, onPattern, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, onPattern, Qt::NoButton);
    QCOMPARE(editor()->selectedSource(), QStringLiteral("Test pattern"));
    // Outside the canvas (the letterbox bar): nothing.
    const QRect program = preview()->programRect();
    QVERIFY(program.left() > 10);
    const QPoint inBar(program.left() - 5, program.top() + program.height() / 4); // away from the handles
    send(QEvent::MouseButtonPress, inBar, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, inBar, Qt::NoButton);
    QCOMPARE(editor()->selectedSource(), QString());
    QVERIFY(!editor()->fitAction()->isEnabled());
}

void tst_PreviewLayout::escapeDeselectsAndTabCycles()
{
    QVERIFY(editor()->select(Block));
    preview()->setFocus();
    QTest::keyClick(preview(), Qt::Key_Escape);
    QCOMPARE(editor()->selectedSource(), QString());
    // Tab: from the top down, wrapping; Shift+Tab back up. The locked block is never among them.
    const QStringList order = editor()->selectableSources();
    QVERIFY2(order.size() >= 3, qPrintable(order.join(',')));
    QCOMPARE(order.first(), Block);
    QVERIFY(!order.contains(Locked));
    QTest::keyClick(preview(), Qt::Key_Tab);
    QCOMPARE(editor()->selectedSource(), order.at(0));
    QTest::keyClick(preview(), Qt::Key_Tab);
    QCOMPARE(editor()->selectedSource(), order.at(1));
    QTest::keyClick(preview(), Qt::Key_Tab, Qt::ShiftModifier);
    QCOMPARE(editor()->selectedSource(), order.at(0));
    QTest::keyClick(preview(), Qt::Key_Backtab, Qt::ShiftModifier);
    QCOMPARE(editor()->selectedSource(), order.last());
    QVERIFY(preview()->hasFocus()); // Tab stayed in the preview
}

void tst_PreviewLayout::lockedItemCannotBeSelected()
{
    // The locked block is on top at (200, 300); a click there goes through to what is below it.
    const QPoint onLocked = widgetPoint(QPointF(240, 330));
    send(QEvent::MouseButtonPress, onLocked, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, onLocked, Qt::NoButton);
    const QString below = editor()->selectedSource();
    QVERIFY(!below.isEmpty());
    QVERIFY(below != Locked);
    QVERIFY(!editor()->select(Locked));
    QCOMPARE(editor()->selectedSource(), below);
    // Dragging there moves the item below, never the locked one.
    const ItemTransform belowBefore = transformOf(below);
    drag(onLocked, onLocked + QPoint(30, 30));
    QCOMPARE(transformOf(Locked).pos, QPointF(200, 300));
    QVERIFY(transformOf(below).pos != belowBefore.pos);
    QString error;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), below, belowBefore, &error), qPrintable(error));
    // A selected item that gets locked elsewhere (the sources dock) loses the selection.
    QVERIFY(editor()->select(Block));
    ItemTransform block = transformOf(Block);
    block.locked = true;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), Block, block, &error), qPrintable(error));
    QCOMPARE(editor()->selectedSource(), QString());
    block.locked = false;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), Block, block, &error), qPrintable(error));
}

void tst_PreviewLayout::dragMovesTheItem()
{
    verifyBlockInProgram(QRect(40, 100, 80, 60));
    const double k = editor()->canvasPerWidgetPixel();
    QVERIFY(k > 0);
    // Drag by 90 canvas pixels right and 150 down (away from every snap line), in widget pixels.
    const QPoint from = widgetPoint(QPointF(70, 120));
    const QPoint to = widgetPoint(QPointF(160, 270));
    drag(from, to);
    QCOMPARE(editor()->selectedSource(), Block);
    const QPointF expected = QPointF(40, 100) + (QPointF(to - from) * k);
    const QPointF pos = transformOf(Block).pos;
    QVERIFY2(QLineF(pos, expected).length() < 0.01,
        qPrintable(QStringLiteral("%1,%2 vs %3,%4").arg(pos.x()).arg(pos.y()).arg(expected.x()).arg(expected.y())));
    QVERIFY(std::abs(pos.x() - 130) < 1.5 && std::abs(pos.y() - 250) < 1.5);
    QVERIFY(editor()->snapLines().isEmpty());
    // Saved in the collection file.
    const CollectionFile::Result saved = CollectionFile::read(scenes().filePath());
    QVERIFY2(saved.error.isEmpty(), qPrintable(saved.error));
    bool found = false;
    for (const SceneItemDocument& item : saved.document.scene(scenes().programSceneName())->items)
        if (item.source == Block) {
            QCOMPARE(item.transform.pos, pos);
            found = true;
        }
    QVERIFY(found);
    // And the program shows the block there.
    verifyBlockInProgram(QRect(int(std::lround(pos.x())), int(std::lround(pos.y())), 80, 60));
}

void tst_PreviewLayout::dragSnapsToTheCanvasEdgeUnlessCtrl()
{
    const double k = editor()->canvasPerWidgetPixel();
    // Left edge to 3 screen pixels right of the canvas edge: snaps to 0, the line drawn meanwhile.
    const QPoint from = widgetPoint(QPointF(70, 120));
    const QPoint to = from + QPoint(int(std::lround(-40 / k)) + 3, 0);
    drag(from, to, {}, false);
    QTRY_COMPARE(transformOf(Block).pos.x(), 0.0); // the drag applies once per frame
    QVERIFY(editor()->snapLines().contains(SnapLine { Qt::Vertical, 0 }));
    // The line is drawn in the preview down the canvas's left edge while the drag lasts.
    const int edge = int(std::lround(preview()->programRect().left() * preview()->devicePixelRatioF()));
    QTRY_VERIFY_WITH_TIMEOUT(snapLinePixels(grabPreview(), edge) > preview()->programRect().height() / 2, 5000);
    send(QEvent::MouseButtonRelease, to, Qt::NoButton);
    QCOMPARE(transformOf(Block).pos.x(), 0.0);
    QVERIFY(editor()->snapLines().isEmpty()); // drawn only while dragging
    QTRY_VERIFY_WITH_TIMEOUT(snapLinePixels(grabPreview(), edge) < 10, 5000);
    // The same with Ctrl held: no snap.
    init();
    QVERIFY(editor()->select(Block));
    drag(from, to, Qt::ControlModifier);
    QVERIFY2(transformOf(Block).pos.x() > 1.0, qPrintable(QString::number(transformOf(Block).pos.x())));
    // The safe area's edges snap too while the guide is shown.
    init();
    preview()->setSafeArea(QRect(18, 64, 288, 363));
    preview()->setSafeAreaGuideVisible(true);
    const QPoint toSafe = from + QPoint(int(std::lround((18 - 40) / k)) + 2, 0);
    drag(from, toSafe);
    QCOMPARE(transformOf(Block).pos.x(), 18.0);
}

void tst_PreviewLayout::dragWritesAtMostOncePerFrame()
{
    // 30 pointer moves arriving together (a fast hand, a busy machine): the collection is written
    // for the first one and for the last (on release), not 30 times.
    QSignalSpy changed(&scenes(), &SceneCollection::changed);
    const QPoint from = widgetPoint(QPointF(70, 120));
    const QPoint to = widgetPoint(QPointF(160, 270));
    QElapsedTimer timer;
    timer.start();
    send(QEvent::MouseButtonPress, from, Qt::LeftButton);
    for (int i = 1; i <= 30; ++i)
        send(QEvent::MouseMove, from + (to - from) * i / 30, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, to, Qt::NoButton);
    const qint64 ms = timer.elapsed();
    QVERIFY2(changed.count() <= 2, qPrintable(QString::number(changed.count())));
    const QPointF expected = QPointF(40, 100) + QPointF(to - from) * editor()->canvasPerWidgetPixel();
    QVERIFY(QLineF(transformOf(Block).pos, expected).length() < 0.01);
    qInfo("30 moves and a release: %d writes of the collection, %lld ms", int(changed.count()), ms);
}

void tst_PreviewLayout::handleDragResizesKeepingAspect()
{
    QVERIFY(editor()->select(Block));
    // The bottom-right handle, dragged 40 canvas pixels right (and a little down).
    const QPointF handle = editor()->handlePosition(Handle::BottomRight);
    QCOMPARE(editor()->handleAt(handle), Handle::BottomRight);
    const double k = editor()->canvasPerWidgetPixel();
    drag(handle.toPoint(), (handle + QPointF(40 / k, 10 / k)).toPoint());
    const ItemTransform t = transformOf(Block);
    QCOMPARE(t.pos, QPointF(40, 100)); // the opposite corner stays
    const ItemGeometry g(t, QSizeF(80, 60));
    QVERIFY2(g.boxSize().width() > 100 && g.boxSize().width() < 125, qPrintable(QString::number(g.boxSize().width())));
    QVERIFY2(std::abs(t.scale.x() - t.scale.y()) < 1e-6, "aspect kept");
    verifyBlockInProgram(QRect(40, 100, int(g.boxSize().width()), int(g.boxSize().height())));
}

void tst_PreviewLayout::shiftHandleDragResizesFreely()
{
    QVERIFY(editor()->select(Block));
    // The right edge's handle with Shift: only the width changes.
    const QPointF handle = editor()->handlePosition(Handle::Right);
    const double k = editor()->canvasPerWidgetPixel();
    drag(handle.toPoint(), (handle + QPointF(60 / k, 25 / k)).toPoint(), Qt::ShiftModifier);
    const ItemTransform t = transformOf(Block);
    const ItemGeometry g(t, QSizeF(80, 60));
    QCOMPARE(t.pos, QPointF(40, 100));
    QCOMPARE(g.boxSize().height(), 60.0);
    QVERIFY2(std::abs(g.boxSize().width() - 140) <= 2, qPrintable(QString::number(g.boxSize().width())));
    verifyBlockInProgram(QRect(40, 100, int(g.boxSize().width()), 60));
}

void tst_PreviewLayout::altHandleDragCrops()
{
    QVERIFY(editor()->select(Block));
    // The right edge's handle with Alt, 30 canvas pixels in: 30 source pixels cut off (scale 1).
    const QPointF handle = editor()->handlePosition(Handle::Right);
    const double k = editor()->canvasPerWidgetPixel();
    drag(handle.toPoint(), (handle - QPointF(30 / k, 0)).toPoint(), Qt::AltModifier);
    const ItemTransform t = transformOf(Block);
    QVERIFY2(std::abs(t.crop.right() - 30) <= 1, qPrintable(QString::number(t.crop.right())));
    QCOMPARE(t.scale, QPointF(1, 1));
    QCOMPARE(t.pos, QPointF(40, 100));
    verifyBlockInProgram(QRect(40, 100, 80 - t.crop.right(), 60));
    ItemTransform uncropped = t;
    uncropped.crop = QMargins();
    QString error;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), Block, uncropped, &error), qPrintable(error));
}

void tst_PreviewLayout::arrowKeysNudge()
{
    QVERIFY(editor()->select(Block));
    preview()->setFocus();
    QTest::keyClick(preview(), Qt::Key_Right);
    QTRY_COMPARE(transformOf(Block).pos, QPointF(41, 100)); // a frame at most
    QTest::keyClick(preview(), Qt::Key_Down, Qt::ShiftModifier);
    QTRY_COMPARE(transformOf(Block).pos, QPointF(41, 110));
    QTest::keyClick(preview(), Qt::Key_Left, Qt::ShiftModifier);
    QTest::keyClick(preview(), Qt::Key_Up);
    QTRY_COMPARE(transformOf(Block).pos, QPointF(31, 109));
    verifyBlockInProgram(QRect(31, 109, 80, 60));
    // A held arrow key: 30 repeats at once are one move of 30 pixels, saved at most twice (the
    // first and, a frame later, the last), not 30 times.
    QSignalSpy changed(&scenes(), &SceneCollection::changed);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 30; ++i)
        QTest::keyClick(preview(), Qt::Key_Right);
    const qint64 ms = timer.elapsed();
    QTRY_COMPARE(transformOf(Block).pos, QPointF(61, 109));
    QVERIFY2(changed.count() >= 1 && changed.count() <= 2, qPrintable(QString::number(changed.count())));
    qInfo("30 arrow-key repeats: %lld ms, %d writes", ms, int(changed.count()));
    editor()->nudge(QPointF(-30, 0));
    QTRY_COMPARE(transformOf(Block).pos, QPointF(31, 109));
    // Nothing selected: the keys are not taken.
    editor()->select(QString());
    QTest::keyClick(preview(), Qt::Key_Right);
    QCOMPARE(transformOf(Block).pos, QPointF(31, 109));
}

void tst_PreviewLayout::presetsPlaceTheItem()
{
    QVERIFY(editor()->select(Block));
    editor()->bottomRightAction()->trigger();
    QCOMPARE(transformOf(Block).pos, QPointF(280, 580));
    verifyBlockInProgram(QRect(280, 580, 80, 60));
    editor()->centreAction()->trigger();
    QCOMPARE(transformOf(Block).pos, QPointF(140, 290));
    editor()->topLeftAction()->trigger();
    QCOMPARE(transformOf(Block).pos, QPointF(0, 0));
    // Fit: as wide as the canvas, its 4:3 kept, in the middle: 360x270 at y 185.
    editor()->fitAction()->trigger();
    const ItemTransform fit = transformOf(Block);
    QCOMPARE(ItemGeometry(fit, QSizeF(80, 60)).boxSize(), QSizeF(360, 270));
    QCOMPARE(fit.pos, QPointF(0, 185));
    verifyBlockInProgram(QRect(0, 185, 360, 270));
    // The shortcut, as a seller presses it in the window.
    QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(ItemGeometry(transformOf(Block), QSizeF(80, 60)).boxSize(), QSizeF(360, 640));
    // In the Edit menu.
    auto* menu = m_window->findChild<QMenu*>(QStringLiteral("positionMenu"));
    QVERIFY(menu);
    QVERIFY(menu->actions().contains(editor()->fitAction()));
    QVERIFY(editor()->fitAction()->toolTip().contains(QStringLiteral("Ctrl+Alt+F")));
}

void tst_PreviewLayout::contextMenuOffersThePresets()
{
    const QPoint onBlock = widgetPoint(QPointF(80, 130));
    QContextMenuEvent event(QContextMenuEvent::Mouse, onBlock, preview()->mapToGlobal(onBlock));
    QApplication::sendEvent(preview(), &event);
    QMenu* menu = editor()->contextMenu();
    QTRY_VERIFY(menu->isVisible());
    QCOMPARE(editor()->selectedSource(), Block); // right-click selected it
    QVERIFY(menu->actions().contains(editor()->centreAction()));
    editor()->centreAction()->trigger();
    menu->hide();
    QCOMPARE(transformOf(Block).pos, QPointF(140, 290));
}

void tst_PreviewLayout::selectionIsDrawnInThePreviewOnly()
{
    // The block straddles the white panel's corner: handles over white and over the dark bars.
    ItemTransform t = transformOf(Block);
    t.pos = QPointF(110, 110);
    QString error;
    QVERIFY2(scenes().setTransform(scenes().programSceneName(), Block, t, &error), qPrintable(error));
    QVERIFY(editor()->select(Block));
    const qreal ratio = preview()->devicePixelRatioF();
    auto handlePixel = [&](const QImage& image, Handle h) {
        const QPoint p = (editor()->handlePosition(h) * ratio).toPoint();
        return image.pixel(p);
    };
    // White handle centres with a dark rim, in the preview.
    QImage shot;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            shot = grabPreview();
            const QRgb c = handlePixel(shot, Handle::BottomRight);
            return qRed(c) > 240 && qGreen(c) > 240 && qBlue(c) > 240;
        }(),
        5000);
    // The top-left handle lies on the white panel: its rim (6 px out) is dark there.
    const QPoint topLeft = (editor()->handlePosition(Handle::TopLeft) * ratio).toPoint();
    const QRgb rim = shot.pixel(topLeft + QPoint(int(5 * ratio), 0));
    QVERIFY2(qGray(rim) < 80, qPrintable(QString::number(qGray(rim))));
    QVERIFY(qGray(shot.pixel(topLeft)) > 240);
    const QString path = QDir::temp().filePath(QStringLiteral("pinstage-preview-selection.png"));
    shot.save(path);
    qInfo("preview with the block selected: %s", qPrintable(path));
    // For a person to look at: the window with the selection and the position menu (not compared).
    QMenu* menu = editor()->contextMenu();
    menu->popup(preview()->mapToGlobal(editor()->handlePosition(Handle::Right).toPoint() + QPoint(12, 0)));
    QTRY_VERIFY(menu->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(menu, kWindowWaitMs));
    const QString windowPath = QDir::temp().filePath(QStringLiteral("pinstage-preview-layout-window.png"));
    m_window->screen()->grabWindow(0).toImage().save(windowPath);
    menu->hide();
    qInfo("the window: %s", qPrintable(windowPath));
    // The program has the block and no handle.
    const QImage program = grabProgramFrame(scenes().document().canvas);
    const QRgb handleInProgram = program.pixel(QPoint(190, 170)); // the bottom-right handle's place
    QVERIFY2(isPink(handleInProgram) || qGray(handleInProgram) < 200,
        qPrintable(QStringLiteral("%1").arg(handleInProgram, 8, 16)));
    QVERIFY(isPink(program.pixel(QPoint(188, 168))));
}

void tst_PreviewLayout::realPointerThroughTheXServer()
{
    // The pointer as the X server moves it (XTEST), not events handed to the widget: the picture
    // is libobs's own child window inside the preview's, and the press must still reach Qt.
    auto* x11 = qGuiApp->nativeInterface<QNativeInterface::QX11Application>();
    QVERIFY(x11 && x11->connection());
    xcb_connection_t* connection = x11->connection();
    const xcb_window_t root = xcb_setup_roots_iterator(xcb_get_setup(connection)).data->root;
    const qreal ratio = preview()->devicePixelRatioF();
    auto fake = [&](uint8_t type, uint8_t detail, const QPoint& widgetPos) {
        const QPoint global = preview()->mapToGlobal(widgetPos) * ratio; // the server's pixels
        xcb_test_fake_input(
            connection, type, detail, XCB_CURRENT_TIME, root, int16_t(global.x()), int16_t(global.y()), 0);
        xcb_flush(connection);
    };
    const QPoint from = widgetPoint(QPointF(70, 120));
    const QPoint to = widgetPoint(QPointF(160, 270));
    fake(XCB_MOTION_NOTIFY, 0, from);
    fake(XCB_BUTTON_PRESS, 1, from);
    QTRY_COMPARE(editor()->selectedSource(), Block);
    for (int i = 1; i <= 8; ++i)
        fake(XCB_MOTION_NOTIFY, 0, from + (to - from) * i / 8);
    fake(XCB_BUTTON_RELEASE, 1, to);
    const QPointF expected = QPointF(40, 100) + QPointF(to - from) * editor()->canvasPerWidgetPixel();
    QTRY_VERIFY2(QLineF(transformOf(Block).pos, expected).length() < 0.01,
        qPrintable(QStringLiteral("%1,%2").arg(transformOf(Block).pos.x()).arg(transformOf(Block).pos.y())));
    verifyBlockInProgram(QRect(expected.toPoint(), QSize(80, 60)));
}

int main(int argc, char** argv)
{
    // libobs needs a real X server (EGL on X11) before the application connects: a private one,
    // large enough for the 1280x800 window at the scale the high-DPI run sets (QT_SCALE_FACTOR).
    const double scale = std::max(1.0, qEnvironmentVariable("QT_SCALE_FACTOR", QStringLiteral("1")).toDouble());
    return pinstage::test::execWithTestDisplay<tst_PreviewLayout, QApplication>(
        argc, argv, QStringLiteral("%1x%2x24").arg(int(1280 * scale)).arg(int(800 * scale)), false, __FILE__);
}

#include "tst_previewlayout.moc"
