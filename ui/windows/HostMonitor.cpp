// SPDX-License-Identifier: GPL-2.0-or-later
#include "windows/HostMonitor.h"

#include "catalog/Catalog.h"
#include "settings/Settings.h"
#include "show/RunOfShow.h"
#include "show/ShowController.h"
#include "util/Clock.h"

#include <QBoxLayout>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QPixmap>
#include <QScreen>
#include <QStyle>

namespace pinstage {
namespace {

    const char* const MonitorStyle = R"(
#hostMonitor { background: #000000; }
QLabel { color: #ffffff; }
QLabel#hostState { border-radius: 10px; padding: 4px 18px; font-weight: 800; background: #39404d; color: #ffffff; }
QLabel#hostState[state="live"] { background: #ff2d55; color: #ffffff; }
QLabel#hostState[state="rehearsal"] { background: #2f6bff; color: #ffffff; }
QLabel#hostState[state="reconnecting"], QLabel#hostState[state="connecting"] { background: #ffb020; color: #000000; }
QLabel#hostShowName { color: #a9b0bd; }
QLabel#hostClock { color: #ffffff; font-weight: 700; }
QLabel#hostOnAirTag { color: #ff2d55; font-weight: 800; }
QLabel#hostOnAirTag[active="false"] { color: #6b7380; }
QLabel#hostTitle { color: #ffffff; font-weight: 800; }
QLabel#hostPrice { color: #ffd166; font-weight: 800; }
QLabel#hostCountdown { color: #000000; background: #ffb020; border-radius: 12px; padding: 2px 18px; font-weight: 900; }
QLabel#hostCountdown[ended="true"] { background: #39404d; color: #ffffff; }
QLabel#hostPoints { color: #f2f4f8; }
QLabel#hostPhoto { background: #14171c; border-radius: 12px; color: #6b7380; }
#hostNextStrip { background: #17130a; border-top: 3px solid #ffb020; }
QLabel#hostNextTag { color: #ffb020; font-weight: 800; }
QLabel#hostNext { color: #ffffff; font-weight: 700; }
QLabel#hostNextPoints { color: #c9ced8; }
)";

    QString clockText(qint64 ms)
    {
        const qint64 s = ms / 1000;
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600, 2, 10, QLatin1Char('0'))
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    }

    QString countdownText(int seconds)
    {
        return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }

    void repolish(QWidget* widget)
    {
        widget->style()->unpolish(widget);
        widget->style()->polish(widget);
    }

    QFont pixelFont(const QFont& base, int pixels, int weight = -1)
    {
        QFont font = base;
        font.setPixelSize(std::max(8, pixels));
        if (weight > 0)
            font.setWeight(QFont::Weight(weight));
        return font;
    }

} // namespace

HostMonitor::HostMonitor(RunOfShow& run, ShowController& show, Catalog& catalog, Settings* settings, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_run(run)
    , m_show(show)
    , m_catalog(catalog)
    , m_settings(settings)
    , m_state(new QLabel(this))
    , m_showName(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_photo(new QLabel(this))
    , m_onAirTag(new QLabel(tr("ON AIR"), this))
    , m_title(new QLabel(this))
    , m_price(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_points(new QLabel(this))
    , m_nextTag(new QLabel(tr("NEXT UP"), this))
    , m_next(new QLabel(this))
    , m_nextPoints(new QLabel(this))
{
    setObjectName(QStringLiteral("hostMonitor"));
    setWindowTitle(tr("Pinstage — Host monitor"));
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(QString::fromLatin1(MonitorStyle));
    resize(1280, 720);

    m_state->setObjectName(QStringLiteral("hostState"));
    m_showName->setObjectName(QStringLiteral("hostShowName"));
    m_clock->setObjectName(QStringLiteral("hostClock"));
    m_clock->setToolTip(tr("Elapsed show time"));
    m_photo->setObjectName(QStringLiteral("hostPhoto"));
    m_photo->setAlignment(Qt::AlignCenter);
    m_onAirTag->setObjectName(QStringLiteral("hostOnAirTag"));
    m_title->setObjectName(QStringLiteral("hostTitle"));
    m_price->setObjectName(QStringLiteral("hostPrice"));
    m_countdown->setObjectName(QStringLiteral("hostCountdown"));
    m_points->setObjectName(QStringLiteral("hostPoints"));
    m_nextTag->setObjectName(QStringLiteral("hostNextTag"));
    m_next->setObjectName(QStringLiteral("hostNext"));
    m_nextPoints->setObjectName(QStringLiteral("hostNextPoints"));
    for (QLabel* label : { m_title, m_points, m_next, m_nextPoints, m_showName }) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
    }
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_points->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    m_points->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_next->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_nextPoints->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* top = new QHBoxLayout;
    top->setSpacing(20);
    top->addWidget(m_state);
    top->addWidget(m_showName, 1);
    top->addWidget(m_clock);

    auto* cardText = new QVBoxLayout;
    cardText->setSpacing(8);
    cardText->addWidget(m_onAirTag);
    cardText->addWidget(m_title);
    auto* priceRow = new QHBoxLayout;
    priceRow->setSpacing(24);
    priceRow->addWidget(m_price);
    priceRow->addWidget(m_countdown);
    priceRow->addStretch(1);
    cardText->addLayout(priceRow);
    cardText->addWidget(m_points, 1);

    auto* card = new QHBoxLayout;
    card->setSpacing(28);
    card->addWidget(m_photo, 0, Qt::AlignTop);
    card->addLayout(cardText, 1);

    auto* nextStrip = new QWidget(this);
    nextStrip->setObjectName(QStringLiteral("hostNextStrip"));
    nextStrip->setAttribute(Qt::WA_StyledBackground);
    auto* nextLayout = new QVBoxLayout(nextStrip);
    nextLayout->setContentsMargins(28, 14, 28, 16);
    nextLayout->setSpacing(4);
    auto* nextTop = new QHBoxLayout;
    nextTop->setSpacing(18);
    nextTop->addWidget(m_nextTag);
    nextTop->addWidget(m_next, 1);
    nextLayout->addLayout(nextTop);
    nextLayout->addWidget(m_nextPoints);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* body = new QVBoxLayout;
    body->setContentsMargins(28, 20, 28, 20);
    body->setSpacing(20);
    body->addLayout(top);
    body->addLayout(card, 1);
    layout->addLayout(body, 1);
    layout->addWidget(nextStrip);

    connect(&m_run, &RunOfShow::cueChanged, this, &HostMonitor::refreshCard);
    connect(&m_run, &RunOfShow::queueChanged, this, &HostMonitor::refreshCard);
    connect(&m_run, &RunOfShow::openChanged, this, [this] {
        refreshCard();
        refreshState();
    });
    connect(&m_show, &ShowController::cardChanged, this, &HostMonitor::refreshCard);
    connect(&m_show, &ShowController::stateChanged, this, &HostMonitor::refreshState);
    connect(&m_show, &ShowController::flashSaleChanged, this, &HostMonitor::onSale);

    // The show clock counts in the controller; a quarter-second look keeps the seconds on time.
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &HostMonitor::refreshClock);
    m_tick.start();
    m_saveGeometry.setSingleShot(true);
    m_saveGeometry.setInterval(500);
    connect(&m_saveGeometry, &QTimer::timeout, this, &HostMonitor::rememberGeometry);

    scaleFonts();
    refreshState();
    refreshCard();
    const auto sale = m_show.flashSale();
    onSale(sale.has_value(), sale ? sale->remainingSeconds : 0, sale && sale->ended);
    refreshClock();
}

HostMonitor::~HostMonitor() = default;

QString HostMonitor::stateText() const
{
    switch (m_show.state()) {
    case ShowController::State::Live:
        return tr("LIVE");
    case ShowController::State::Rehearsal:
        return tr("REHEARSAL");
    case ShowController::State::Reconnecting:
        return tr("RECONNECTING");
    case ShowController::State::Connecting:
        return tr("CONNECTING");
    case ShowController::State::Ending:
        return tr("ENDING");
    case ShowController::State::Idle:
        break;
    }
    return tr("OFF AIR");
}

void HostMonitor::refreshState()
{
    const ShowController::State state = m_show.state();
    QString key = QStringLiteral("off");
    if (state == ShowController::State::Live)
        key = QStringLiteral("live");
    else if (state == ShowController::State::Rehearsal)
        key = QStringLiteral("rehearsal");
    else if (state == ShowController::State::Reconnecting)
        key = QStringLiteral("reconnecting");
    else if (state == ShowController::State::Connecting)
        key = QStringLiteral("connecting");
    // A rehearsal run of the queue is a rehearsal even before the controller rehearses.
    QString text = stateText();
    if (state == ShowController::State::Idle && m_run.isOpen() && m_run.isRehearsal()) {
        key = QStringLiteral("rehearsal");
        text = tr("REHEARSAL");
    }
    m_state->setText(text);
    m_state->setProperty("state", key);
    repolish(m_state);
    m_showName->setText(m_run.isOpen() ? m_run.show().name : QString());
    refreshClock();
}

void HostMonitor::refreshClock()
{
    m_clock->setText(clockText(m_show.showTimeMs()));
}

void HostMonitor::refreshCard()
{
    const auto itemOf = [this](std::optional<qint64> id) -> std::optional<QueueItem> {
        if (!id)
            return std::nullopt;
        for (const QueueItem& item : m_run.queue())
            if (item.id == *id)
                return item;
        return std::nullopt;
    };
    const auto variantOf = [this](const QueueItem& item) {
        std::optional<VariantRow> variant = item.variantId ? m_catalog.variantById(*item.variantId) : std::nullopt;
        return variant ? variant : m_catalog.variantByPinCode(item.code);
    };
    const auto titleOf = [](const std::optional<VariantRow>& variant, const QString& code) {
        if (!variant)
            return code;
        return variant->variantTitle.isEmpty() ? variant->productTitle
                                               : variant->productTitle + QStringLiteral(" · ") + variant->variantTitle;
    };

    // On air: what the program shows (the controller's card), with the queue's talking points when
    // it is the queue's card.
    const std::optional<QueueItem> onAirItem = itemOf(m_run.onAirItem());
    std::optional<VariantRow> onAir = m_show.card();
    if (!onAir && onAirItem)
        onAir = variantOf(*onAirItem);
    m_onAirTag->setProperty("active", onAir.has_value());
    repolish(m_onAirTag);
    if (onAir) {
        m_onAirTag->setText(
            m_show.cardState() == ShowController::CardState::OnAir ? tr("ON AIR") : tr("ON AIR (preview only)"));
        m_title->setText(titleOf(onAir, onAir->sku));
        m_price->setText(formatMoney(onAir->priceCentsAt(Clock::system().now()), onAir->currency));
        m_points->setText(onAirItem && !onAirItem->talkingPoints.isEmpty() ? onAirItem->talkingPoints : QString());
        if (m_photoPath != onAir->imagePath) {
            m_photoPath = onAir->imagePath;
            const QPixmap photo(m_photoPath);
            m_photo->setPixmap(photo.isNull() ? QPixmap() : photo);
            m_photo->setText(photo.isNull() ? tr("no photo") : QString());
            scaleFonts();
        }
    } else {
        m_onAirTag->setText(tr("NOTHING ON AIR"));
        m_title->setText(m_run.isOpen() ? tr("Waiting for the producer") : QString());
        m_price->clear();
        m_points->clear();
        m_photoPath.clear();
        m_photo->setPixmap(QPixmap());
        m_photo->setText(QString());
    }
    m_photo->setVisible(onAir.has_value());

    const std::optional<QueueItem> nextItem = itemOf(m_run.nextUpItem());
    if (nextItem) {
        const auto variant = variantOf(*nextItem);
        QString text = titleOf(variant, nextItem->code);
        if (variant)
            text
                += QStringLiteral("   ") + formatMoney(variant->priceCentsAt(Clock::system().now()), variant->currency);
        if (nextItem->saleSeconds)
            text += tr("   · sale %1").arg(countdownText(*nextItem->saleSeconds));
        m_next->setText(text);
        m_nextPoints->setText(nextItem->talkingPoints);
    } else {
        m_next->setText(m_run.isOpen() && !m_run.queue().isEmpty() ? tr("End of the queue") : tr("Nothing queued"));
        m_nextPoints->clear();
    }
    m_nextPoints->setVisible(!m_nextPoints->text().isEmpty());
}

void HostMonitor::onSale(bool active, int remainingSeconds, bool ended)
{
    m_countdown->setVisible(active);
    if (!active)
        return;
    m_countdown->setText(ended ? tr("SALE ENDED") : tr("SALE %1").arg(countdownText(remainingSeconds)));
    m_countdown->setProperty("ended", ended);
    repolish(m_countdown);
}

void HostMonitor::scaleFonts()
{
    // Sizes follow the window's height, so a 1080p monitor reads from a few metres and a small
    // test window still lays out.
    const int h = std::max(360, height());
    const QFont base = font();
    m_state->setFont(pixelFont(base, h / 18, QFont::ExtraBold));
    m_showName->setFont(pixelFont(base, h / 30));
    m_clock->setFont(pixelFont(base, h / 14, QFont::Bold));
    m_onAirTag->setFont(pixelFont(base, h / 26, QFont::ExtraBold));
    m_title->setFont(pixelFont(base, h / 11, QFont::ExtraBold));
    m_price->setFont(pixelFont(base, h / 9, QFont::ExtraBold));
    m_countdown->setFont(pixelFont(base, h / 9, QFont::Black));
    m_points->setFont(pixelFont(base, h / 18));
    m_nextTag->setFont(pixelFont(base, h / 24, QFont::ExtraBold));
    m_next->setFont(pixelFont(base, h / 20, QFont::Bold));
    m_nextPoints->setFont(pixelFont(base, h / 26));
    const int side = h * 2 / 5;
    m_photo->setFixedSize(side, side);
    const QPixmap photo(m_photoPath);
    if (!photo.isNull())
        m_photo->setPixmap(
            photo.scaled(QSize(side, side) * devicePixelRatioF(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

void HostMonitor::showRestored()
{
    if (m_settings) {
        const QByteArray geometry = m_settings->hostMonitorGeometry();
        QScreen* target = nullptr;
        const QString screenName = m_settings->hostMonitorScreen();
        for (QScreen* screen : QGuiApplication::screens())
            if (!screenName.isEmpty() && screen->name() == screenName)
                target = screen;
        if (!geometry.isEmpty() && (target || screenName.isEmpty()))
            restoreGeometry(geometry);
        else if (QGuiApplication::screens().size() > 1) // the second screen, facing the host
            setGeometry(QGuiApplication::screens().at(1)->availableGeometry());
    } else if (QGuiApplication::screens().size() > 1) {
        setGeometry(QGuiApplication::screens().at(1)->availableGeometry());
    }
    show();
    raise();
}

void HostMonitor::rememberGeometry()
{
    if (!m_settings || !isVisible())
        return;
    m_settings->setHostMonitorGeometry(saveGeometry());
    if (QScreen* s = screen())
        m_settings->setHostMonitorScreen(s->name());
    m_settings->save();
}

void HostMonitor::closeEvent(QCloseEvent* event)
{
    rememberGeometry();
    QWidget::closeEvent(event);
    emit closed();
}

void HostMonitor::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_F11) {
        setWindowState(windowState() ^ Qt::WindowFullScreen);
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        if (windowState().testFlag(Qt::WindowFullScreen))
            setWindowState(windowState() & ~Qt::WindowFullScreen);
        else
            close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void HostMonitor::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    scaleFonts();
    m_saveGeometry.start();
}

void HostMonitor::moveEvent(QMoveEvent* event)
{
    QWidget::moveEvent(event);
    m_saveGeometry.start();
}

} // namespace pinstage
