// SPDX-License-Identifier: GPL-2.0-or-later
// The preview's layout logic without libobs: an item's box as libobs computes it (scale, crop,
// bounds, rotation, flips), hit tests, snapping thresholds, handle resizes and position presets
// (a 16:9 source on a 9:16 canvas). tst_previewlayout checks the same geometry against libobs.
#include "widgets/preview/ItemGeometry.h"
#include "widgets/preview/SnapGuide.h"

#include <QTest>

using namespace pinstage;
using namespace pinstage::preview;

namespace {

ItemTransform at(QPointF pos, QPointF scale = { 1, 1 }, double rotation = 0)
{
    ItemTransform t;
    t.pos = pos;
    t.scale = scale;
    t.rotation = rotation;
    return t;
}

bool near(const QPointF& a, const QPointF& b, double e = 1e-6)
{
    return QLineF(a, b).length() < e;
}

QString text(const QPointF& p)
{
    return QStringLiteral("(%1, %2)").arg(p.x()).arg(p.y());
}

} // namespace

class tst_ItemGeometry : public QObject {
    Q_OBJECT
private slots:
    void boxOfScaledItem();
    void cropComesOffTheSourceSize();
    void boundsGiveTheBox();
    void rotationIsClockwiseAboutThePosition();
    void hitTestWithRotationAndScale();
    void hitTestOfFlippedAndEmptyItems();
    void moveSnapsWithinThreshold_data();
    void moveSnapsWithinThreshold();
    void moveSnapUsesTheRotatedBoundingBox();
    void resizeKeepsAspectByDefault();
    void resizeFreeFollowsThePointer();
    void resizeEdgeWithAspectGrowsAboutTheMiddle();
    void resizeNeverFlipsNorVanishes();
    void resizeSnapsTheHandle();
    void resizeRotatedItem();
    void resizeBoundedItemChangesBounds();
    void altCropCutsSourcePixels();
    void presetsForLandscapeOnVerticalCanvas();
    void presetsForBoundedItem();
    void presetCornersKeepRotationAndSize();
};

void tst_ItemGeometry::boxOfScaledItem()
{
    const ItemGeometry g(at({ 10, 20 }, { 0.5, 0.25 }), QSizeF(200, 100));
    QCOMPARE(g.boxSize(), QSizeF(100, 25));
    QCOMPARE(g.boundingRect(), QRectF(10, 20, 100, 25));
    QCOMPARE(g.handlePoint(Handle::BottomRight), QPointF(110, 45));
    QCOMPARE(g.handlePoint(Handle::Top), QPointF(60, 20));
    // Fractions of a pixel stay (libobs 29 does not round the box).
    const ItemGeometry odd(at({ 0, 0 }, { 0.333, 0.333 }), QSizeF(100, 100));
    QCOMPARE(odd.boxSize(), QSizeF(33.3, 33.3));
}

void tst_ItemGeometry::cropComesOffTheSourceSize()
{
    ItemTransform t = at({ 0, 0 }, { 0.5, 0.5 });
    t.crop = QMargins(100, 10, 100, 30); // left, top, right, bottom
    const ItemGeometry g(t, QSizeF(400, 240));
    QCOMPARE(g.croppedSize(), QSizeF(200, 200));
    QCOMPARE(g.boxSize(), QSizeF(100, 100));
    t.crop = QMargins(300, 0, 300, 0); // more than the source: nothing left
    QVERIFY(ItemGeometry(t, QSizeF(400, 240)).isEmpty());
}

void tst_ItemGeometry::boundsGiveTheBox()
{
    ItemTransform t = at({ 5, 5 }, { 3, 3 });
    t.boundsType = QStringLiteral("scale_inner");
    t.bounds = QSizeF(300, 200);
    const ItemGeometry g(t, QSizeF(10, 10));
    QCOMPARE(g.boxSize(), QSizeF(300, 200)); // the scale does not count
    QVERIFY(g.contains(QPointF(300, 200)));
    QVERIFY(!g.contains(QPointF(306, 200)));
    // A camera that has not started (0x0) still has its bounds box.
    QVERIFY(!ItemGeometry(t, QSizeF(0, 0)).isEmpty());
}

void tst_ItemGeometry::rotationIsClockwiseAboutThePosition()
{
    const ItemGeometry g(at({ 100, 100 }, { 1, 1 }, 90), QSizeF(100, 50));
    const QPolygonF c = g.corners();
    QVERIFY2(near(c[0], { 100, 100 }), qPrintable(text(c[0])));
    QVERIFY2(near(c[1], { 100, 200 }), qPrintable(text(c[1]))); // the top edge points down
    QVERIFY2(near(c[2], { 50, 200 }), qPrintable(text(c[2])));
    QVERIFY2(near(c[3], { 50, 100 }), qPrintable(text(c[3])));
    QCOMPARE(g.boundingRect().toRect(), QRect(50, 100, 50, 100));
}

void tst_ItemGeometry::hitTestWithRotationAndScale()
{
    // A 200x100 source at half size, rotated 45° about (100, 100).
    const ItemGeometry g(at({ 100, 100 }, { 0.5, 0.5 }, 45), QSizeF(200, 100));
    QCOMPARE(g.boxSize(), QSizeF(100, 50));
    const QPointF centre = g.boxTransform().map(QPointF(0.5, 0.5));
    QVERIFY(g.contains(centre));
    // (150, 100) is inside the upright box of the same size, but the box turned away from it.
    QVERIFY(!g.contains(QPointF(150, 102)));
    QVERIFY(g.boundingRect().contains(QPointF(150, 102))); // a bounding-box test would be wrong
    // Just inside and just outside the far corner, along the diagonal.
    const QPointF far = g.handlePoint(Handle::BottomRight);
    QVERIFY(g.contains(centre + (far - centre) * 0.98));
    QVERIFY(!g.contains(centre + (far - centre) * 1.02));
}

void tst_ItemGeometry::hitTestOfFlippedAndEmptyItems()
{
    // Flipped horizontally: the box runs leftwards from its position.
    const ItemGeometry flipped(at({ 200, 0 }, { -1, 1 }), QSizeF(100, 50));
    QCOMPARE(flipped.boundingRect(), QRectF(100, 0, 100, 50));
    QVERIFY(flipped.contains(QPointF(150, 25)));
    QVERIFY(!flipped.contains(QPointF(250, 25)));
    // An empty source without bounds draws nothing and cannot be hit.
    const ItemGeometry empty(at({ 0, 0 }), QSizeF(0, 0));
    QVERIFY(empty.isEmpty());
    QVERIFY(!empty.contains(QPointF(0, 0)));
}

void tst_ItemGeometry::moveSnapsWithinThreshold_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("line");
    // A 100 px wide item on a 360x640 canvas with the safe area (18, 64, 288, 363).
    QTest::newRow("left edge 3 px from the canvas edge") << 3.0 << 4.0 << 0.0 << 0.0;
    QTest::newRow("left edge 5 px away: no snap") << 5.0 << 4.0 << 5.0 << -1.0;
    QTest::newRow("exactly at the threshold") << 4.0 << 4.0 << 0.0 << 0.0;
    QTest::newRow("right edge near the canvas edge") << 258.5 << 4.0 << 260.0 << 360.0;
    QTest::newRow("centre near the centre line") << 128.0 << 4.0 << 130.0 << 180.0;
    QTest::newRow("left edge near the safe area") << 20.0 << 4.0 << 18.0 << 18.0;
    QTest::newRow("right edge near the safe area") << 204.5 << 4.0 << 206.0 << 306.0;
    QTest::newRow("a larger threshold reaches further") << 9.0 << 10.0 << 0.0 << 0.0;
}

void tst_ItemGeometry::moveSnapsWithinThreshold()
{
    QFETCH(double, x);
    QFETCH(double, threshold);
    QFETCH(double, expected);
    QFETCH(double, line);
    const SnapGuide guide(QSizeF(360, 640), QRectF(18, 64, 288, 363));
    const QRectF box(200, 250, 100, 40); // the y stays off every line
    const SnapGuide::Move m = guide.snapMove(box, QPointF(x - 200, 0), threshold);
    QCOMPARE(box.left() + m.delta.x(), expected);
    QCOMPARE(m.delta.y(), 0.0);
    if (line < 0)
        QVERIFY(m.lines.isEmpty());
    else
        QVERIFY(m.lines.contains(SnapLine { Qt::Vertical, line }));
}

void tst_ItemGeometry::moveSnapUsesTheRotatedBoundingBox()
{
    const SnapGuide guide(QSizeF(360, 640));
    const ItemGeometry g(at({ 100, 100 }, { 1, 1 }, 90), QSizeF(100, 50)); // bounding box x 50..100
    const SnapGuide::Move m = guide.snapMove(g.boundingRect(), QPointF(-48, 0), 4);
    QCOMPARE(m.delta.x(), -50.0); // its left edge (x 50) to the canvas edge
    QCOMPARE(m.lines, QList<SnapLine>({ { Qt::Vertical, 0 } }));
    // Both axes at once: top edge 2 px below the canvas top.
    const SnapGuide::Move both = guide.snapMove(g.boundingRect(), QPointF(-48, -98), 4);
    QCOMPARE(both.delta, QPointF(-50, -100));
    QCOMPARE(both.lines.size(), 2);
}

void tst_ItemGeometry::resizeKeepsAspectByDefault()
{
    const ItemGeometry g(at({ 0, 0 }, { 1, 1 }), QSizeF(100, 50));
    // The handle goes where the pointer's projection on the diagonal is: f = 23000 / 12500.
    const Resize r = resizeItem(g, Handle::BottomRight, QPointF(200, 60), true, nullptr, 0);
    const ItemGeometry after(r.transform, g.sourceSize());
    QCOMPARE(after.boxSize(), QSizeF(184, 92));
    QCOMPARE(after.transform().pos, QPointF(0, 0));
    // Top-left handle: the bottom-right corner stays.
    const Resize tl = resizeItem(g, Handle::TopLeft, QPointF(50, 25), true, nullptr, 0);
    const ItemGeometry half(tl.transform, g.sourceSize());
    QCOMPARE(half.boxSize(), QSizeF(50, 25));
    QCOMPARE(half.handlePoint(Handle::BottomRight), QPointF(100, 50));
}

void tst_ItemGeometry::resizeFreeFollowsThePointer()
{
    const ItemGeometry g(at({ 10, 10 }, { 1, 1 }), QSizeF(100, 50));
    const Resize r = resizeItem(g, Handle::BottomRight, QPointF(210, 70), false, nullptr, 0);
    QCOMPARE(ItemGeometry(r.transform, g.sourceSize()).boundingRect(), QRectF(10, 10, 200, 60));
    // An edge handle moves one side only.
    const Resize left = resizeItem(g, Handle::Left, QPointF(-40, 999), false, nullptr, 0);
    QCOMPARE(ItemGeometry(left.transform, g.sourceSize()).boundingRect(), QRectF(-40, 10, 150, 50));
}

void tst_ItemGeometry::resizeEdgeWithAspectGrowsAboutTheMiddle()
{
    const ItemGeometry g(at({ 0, 100 }, { 1, 1 }), QSizeF(100, 50));
    const Resize r = resizeItem(g, Handle::Right, QPointF(200, 0), true, nullptr, 0);
    QCOMPARE(ItemGeometry(r.transform, g.sourceSize()).boundingRect(), QRectF(0, 75, 200, 100));
}

void tst_ItemGeometry::resizeNeverFlipsNorVanishes()
{
    const ItemGeometry g(at({ 100, 100 }, { 1, 1 }), QSizeF(100, 50));
    for (bool aspect : { true, false }) {
        const Resize r = resizeItem(g, Handle::BottomRight, QPointF(0, 0), aspect, nullptr, 0, 4);
        const QRectF box = ItemGeometry(r.transform, g.sourceSize()).boundingRect();
        QVERIFY2(box.left() == 100 && box.top() == 100, qPrintable(text(box.topLeft())));
        QVERIFY2(box.width() >= 4 - 1 && box.height() >= 2 - 1,
            qPrintable(QStringLiteral("%1x%2").arg(box.width()).arg(box.height())));
        QVERIFY(r.transform.scale.x() > 0 && r.transform.scale.y() > 0);
    }
}

void tst_ItemGeometry::resizeSnapsTheHandle()
{
    const SnapGuide guide(QSizeF(360, 640));
    const ItemGeometry g(at({ 60, 100 }, { 1, 1 }), QSizeF(100, 50));
    // Free: the right edge 3 px short of the canvas edge snaps onto it; the bottom stays free.
    const Resize free = resizeItem(g, Handle::BottomRight, QPointF(357, 170), false, &guide, 4);
    QCOMPARE(ItemGeometry(free.transform, g.sourceSize()).boundingRect(), QRectF(60, 100, 300, 70));
    QCOMPARE(free.lines, QList<SnapLine>({ { Qt::Vertical, 360 } }));
    // Out of reach: no snap.
    const Resize far = resizeItem(g, Handle::BottomRight, QPointF(350, 170), false, &guide, 4);
    QVERIFY(far.lines.isEmpty());
    // Aspect kept: the corner slides along its diagonal until the right edge meets the line.
    const Resize aspect = resizeItem(g, Handle::Right, QPointF(178, 0), true, &guide, 4);
    const QRectF box = ItemGeometry(aspect.transform, g.sourceSize()).boundingRect();
    QCOMPARE(box.right(), 180.0);
    QCOMPARE(aspect.lines, QList<SnapLine>({ { Qt::Vertical, 180 } }));
}

void tst_ItemGeometry::resizeRotatedItem()
{
    // Rotated 90°: the box's x axis points down the canvas, its y axis to the left.
    const ItemGeometry g(at({ 100, 100 }, { 1, 1 }, 90), QSizeF(100, 50));
    QVERIFY(near(g.handlePoint(Handle::BottomRight), { 50, 200 }));
    const Resize r = resizeItem(g, Handle::BottomRight, QPointF(25, 300), false, nullptr, 0);
    const ItemGeometry after(r.transform, g.sourceSize());
    QCOMPARE(after.boxSize(), QSizeF(200, 75));
    QVERIFY(near(after.transform().pos, { 100, 100 })); // the anchor stays
    QVERIFY2(near(after.handlePoint(Handle::BottomRight), { 25, 300 }, 1e-3),
        qPrintable(text(after.handlePoint(Handle::BottomRight))));
    QCOMPARE(after.transform().rotation, 90.0);
}

void tst_ItemGeometry::resizeBoundedItemChangesBounds()
{
    ItemTransform t = at({ 0, 0 });
    t.boundsType = QStringLiteral("scale_inner");
    t.bounds = QSizeF(200, 100);
    const ItemGeometry g(t, QSizeF(640, 480));
    const Resize r = resizeItem(g, Handle::TopLeft, QPointF(100, 50), true, nullptr, 0);
    QCOMPARE(r.transform.bounds, QSizeF(100, 50));
    QCOMPARE(r.transform.pos, QPointF(100, 50));
    QCOMPARE(r.transform.scale, t.scale);
    QCOMPARE(r.transform.boundsType, QStringLiteral("scale_inner"));
}

void tst_ItemGeometry::altCropCutsSourcePixels()
{
    // An 80x60 source at twice its size: one source pixel is two canvas pixels.
    const ItemGeometry g(at({ 0, 0 }, { 2, 2 }), QSizeF(80, 60));
    const Resize right = cropItem(g, Handle::Right, QPointF(100, 999), nullptr, 0);
    QCOMPARE(right.transform.crop, QMargins(0, 0, 30, 0));
    QCOMPARE(right.transform.scale, QPointF(2, 2)); // the picture keeps its size
    QCOMPARE(ItemGeometry(right.transform, g.sourceSize()).boundingRect(), QRectF(0, 0, 100, 120));
    // The left side: the picture stays put, the box starts later.
    const ItemGeometry cut(right.transform, g.sourceSize());
    const Resize left = cropItem(cut, Handle::TopLeft, QPointF(40, 30), nullptr, 0);
    QCOMPARE(left.transform.crop, QMargins(20, 15, 30, 0));
    QCOMPARE(left.transform.pos, QPointF(40, 30));
    // Dragged back past the source's edge: everything given back, no more.
    const Resize back
        = cropItem(ItemGeometry(left.transform, g.sourceSize()), Handle::Left, QPointF(-500, 0), nullptr, 0);
    QCOMPARE(back.transform.crop, QMargins(0, 15, 30, 0));
    QCOMPARE(back.transform.pos, QPointF(0, 30));
    // Dragged past the other side: one source pixel stays.
    const Resize thin = cropItem(g, Handle::Right, QPointF(-50, 0), nullptr, 0);
    QCOMPARE(thin.transform.crop, QMargins(0, 0, 79, 0));
    // Snaps like a resize: the right side 3 px from the centre line.
    const SnapGuide guide(QSizeF(360, 640));
    const Resize snapped = cropItem(g, Handle::Right, QPointF(90, 0), &guide, 4); // no line near 90
    QVERIFY(snapped.lines.isEmpty());
    const ItemGeometry wide(at({ 100, 0 }, { 2, 2 }), QSizeF(80, 60)); // 100..260
    const Resize toCentre = cropItem(wide, Handle::Right, QPointF(183, 0), &guide, 4);
    QCOMPARE(toCentre.transform.crop.right(), 40); // 260 - 180 = 80 canvas = 40 source pixels
    QCOMPARE(toCentre.lines, QList<SnapLine>({ { Qt::Vertical, 180 } }));
    // An item with bounds is not cropped this way.
    ItemTransform bounded = at({ 0, 0 });
    bounded.boundsType = QStringLiteral("scale_inner");
    bounded.bounds = QSizeF(100, 100);
    QCOMPARE(
        cropItem(ItemGeometry(bounded, QSizeF(80, 60)), Handle::Right, QPointF(50, 0), nullptr, 0).transform, bounded);
}

void tst_ItemGeometry::presetsForLandscapeOnVerticalCanvas()
{
    const QSizeF canvas(360, 640);
    const QSizeF source(1920, 1080); // 16:9
    const ItemGeometry g(at({ 17, 33 }, { 0.1, 0.1 }, 30), source);

    const ItemTransform fit = applyPreset(g, canvas, LayoutPreset::Fit);
    const ItemGeometry fitted(fit, source);
    QCOMPARE(fit.rotation, 0.0);
    QCOMPARE(fitted.boxSize(), QSizeF(360, 202.5));
    QCOMPARE(fit.pos, QPointF(0, (640 - 202.5) / 2));
    QCOMPARE(fit.scale.x(), fit.scale.y());

    const ItemTransform fill = applyPreset(g, canvas, LayoutPreset::Fill);
    QCOMPARE(ItemGeometry(fill, source).boxSize(), QSizeF(360, 640)); // stretched
    QCOMPARE(fill.pos, QPointF(0, 0));

    const ItemGeometry small(at({ 50, 50 }, { 0.1, 0.1 }), source); // 192x108
    QCOMPARE(applyPreset(small, canvas, LayoutPreset::TopLeft).pos, QPointF(0, 0));
    QCOMPARE(applyPreset(small, canvas, LayoutPreset::TopRight).pos, QPointF(168, 0));
    QCOMPARE(applyPreset(small, canvas, LayoutPreset::BottomLeft).pos, QPointF(0, 532));
    QCOMPARE(applyPreset(small, canvas, LayoutPreset::BottomRight).pos, QPointF(168, 532));
    QCOMPARE(applyPreset(small, canvas, LayoutPreset::Centre).pos, QPointF(84, 266));
    QCOMPARE(applyPreset(small, canvas, LayoutPreset::Centre).scale, QPointF(0.1, 0.1));
}

void tst_ItemGeometry::presetsForBoundedItem()
{
    ItemTransform t = at({ 10, 10 });
    t.boundsType = QStringLiteral("scale_outer");
    t.bounds = QSizeF(100, 100);
    t.crop = QMargins(1, 2, 3, 4);
    t.locked = false;
    const ItemGeometry g(t, QSizeF(1920, 1080));
    const ItemTransform fit = applyPreset(g, QSizeF(360, 640), LayoutPreset::Fit);
    QCOMPARE(fit.boundsType, QStringLiteral("scale_inner"));
    QCOMPARE(fit.bounds, QSizeF(360, 640));
    QCOMPARE(fit.pos, QPointF(0, 0));
    QCOMPARE(fit.crop, t.crop);
    const ItemTransform fill = applyPreset(g, QSizeF(360, 640), LayoutPreset::Fill);
    QCOMPARE(fill.boundsType, QStringLiteral("stretch"));
    QCOMPARE(fill.bounds, QSizeF(360, 640));
}

void tst_ItemGeometry::presetCornersKeepRotationAndSize()
{
    const ItemGeometry g(at({ 100, 100 }, { 1, 1 }, 90), QSizeF(100, 50));
    const ItemTransform br = applyPreset(g, QSizeF(360, 640), LayoutPreset::BottomRight);
    const ItemGeometry after(br, g.sourceSize());
    QCOMPARE(br.rotation, 90.0);
    QCOMPARE(after.boxSize(), g.boxSize());
    QCOMPARE(after.boundingRect().toRect(), QRect(310, 540, 50, 100));
}

QTEST_GUILESS_MAIN(tst_ItemGeometry)
#include "tst_itemgeometry.moc"
