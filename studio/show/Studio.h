// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "obs/VideoSettings.h"
#include "output/EncoderSettings.h"
#include "overlay/CardExtras.h"
#include "overlay/CardTemplate.h"
#include "overlay/CardTheme.h"

#include <QJsonObject>
#include <QObject>
#include <QPoint>
#include <QRect>
#include <QString>

#include <obs.h>

#include <memory>
#include <optional>

namespace pinstage {

class AnnouncementLayer;
class CanvasView;
class CardStage;
class ClockTimer;
class Catalog;
class Clock;
class ImageCache;
class ObsContext;
class ObsOutputs;
class ShowController;
class ShowLog;
class ProductCardLayer;
class RunOfShow;
class SceneCollection;

/// The whole engine of one studio session, with no widgets: libobs, the catalog, the show scene,
/// the outputs, the card stage, the show log and the show controller that drives them, built in
/// dependency order and destroyed in reverse.
/// Headless mode and the window use the same object, so what the tests drive is what sellers use.
///
/// Thread contract: main thread, after the Q(Gui)Application exists and before it is destroyed.
class Studio : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString dataDir; ///< catalog, images, logs, libobs config
        VideoSettings video;
        QString camera; ///< see SceneCollection::Options::camera
        QString microphone; ///< see SceneCollection::Options::microphone
        QString title = QStringLiteral("Pinstage Demo Shop"); ///< the show title (text of "Title")
        QString sceneCollectionFile; ///< empty: DATA_DIR/scenes.json (created on the first start)
        QString startScene; ///< empty: the collection's current scene
        bool logToStderr = false;
        Clock* clock = nullptr; ///< the show's clock; null: Clock::system()
        QString cardTemplate; ///< the card template's name (`--card-template`); empty or unknown: the default
        CardTheme cardTheme; ///< the show's brand theme (the settings file's [card] section in the window)
        QRect safeArea; ///< where the card must stay, canvas pixels (a platform preset's); empty: the whole canvas
        CardExtras cardExtras; ///< the promo code and shop URL on every card (`--promo-code`, `--shop-url`)
        /// x264's latency/quality trade for the stream and the recording (ObsOutputs::setEncoderSettings
        /// changes it between shows).
        EncoderSettings::Profile encoderProfile = EncoderSettings::Profile::LiveSelling;
        /// The horizontal second canvas (issue 11), pixels (even, 16 to 4096), at the program's frame
        /// rate; rendered only while a destination receives it. Default 1920x1080.
        QSize horizontalCanvas { 1920, 1080 };
        /// The collection's scene shown on the horizontal canvas (`--horizontal-scene`); empty: the
        /// collection's first scene made for it, else a default one ("Landscape") added on first use.
        QString horizontalScene;
    };

    /// DATA_DIR/scenes.json.
    static QString sceneCollectionPathIn(const QString& dataDir);

    /// Starts everything. Returns nullptr and sets *error (one line, naming the cause) on failure.
    static std::unique_ptr<Studio> create(const Options& options, QString* error);
    ~Studio() override;

    const Options& options() const { return m_options; }
    Catalog& catalog() { return *m_catalog; }
    /// Caches product photos in the background; restart it after an import.
    ImageCache& imageCache() { return *m_images; }
    /// The scenes, their sources and audio; the program scene (switchScene() puts another on air).
    SceneCollection& scenes() { return *m_scenes; }
    /// The one current product card, drawn by every product-card source in every scene.
    ProductCardLayer& cardLayer() { return *m_cardLayer; }
    /// The announcement bar, drawn by every announcement source in every scene.
    AnnouncementLayer& announcementLayer() { return *m_announcementLayer; }
    /// The outputs (shared encoders, stream per destination, recording). Front ends go through
    /// show() instead; this is for diagnostics and tests.
    ObsOutputs& outputs() { return *m_outputs; }
    /// The one owner of the show's state: every front end drives this.
    ShowController& show() { return *m_show; }
    /// Every change of what is on air, as it happens (DATA_DIR/shows/).
    ShowLog& showLog() { return *m_showLog; }
    Clock& clock() { return *m_clock; }
    /// The run of show (issue 10): the queue panel, the host monitor, hotkeys and headless
    /// `--show` all drive this one. When it opens or resumes a show, the show's settings apply:
    /// "template" (a card template name) and "theme" (CardTheme JSON) restyle the card;
    /// "promo_code" and "shop_url" replace the studio's (CardExtras::fromJson).
    RunOfShow& runOfShow() { return *m_runOfShow; }
    /// Applies a show's SETTINGS ("template", "theme", "promo_code", "shop_url"; see runOfShow()).
    /// Returns false with *error naming the field when one is bad (the card keeps its style then).
    bool applyShowSettings(const QJsonObject& settings, QString* error);

    /// Restyles the card: TEMPLATE, THEME and SAFEAREA (canvas pixels; empty: the whole canvas)
    /// repaint the card on air (on the card stage's thread, in order with pins), and every
    /// product-card item still at the previous style's place is moved to the new one (session only:
    /// the collection file keeps what the seller placed; an item placed elsewhere stays there).
    void setCardStyle(const CardTemplate& cardTemplate, const CardTheme& theme, QRect safeArea);
    /// The style last given to setCardStyle() (at first Options::cardTemplate, cardTheme, safeArea).
    const CardTemplate& cardTemplate() const { return m_cardTemplate; }
    const CardTheme& cardTheme() const { return m_cardTheme; }
    QRect cardSafeArea() const { return m_cardSafeArea; }
    /// The promo code and shop URL (the QR code's product page) on every card from the next pin, and
    /// on the card on air at once (repainted on the card stage's thread, in order with pins). EXTRAS
    /// must be checked already (CardExtras::checkPromoCode / checkShopUrl).
    void setCardExtras(const CardExtras& extras);
    const CardExtras& cardExtras() const { return m_cardExtras; }
    /// The card stage the show controller drives: prepare() the card of Next up through it.
    CardStage& cardStage() { return *m_cardStage; }

    /// The horizontal second canvas (issue 11): the view of the horizontal scene at
    /// Options::horizontalCanvas, made on first use (a show with a horizontal destination asks for it
    /// through the outputs; the card of that canvas is painted from then on). Returns its frames for
    /// an encoder, or nullptr with *error naming the scene or the canvas. Main thread.
    video_t* horizontalVideo(QString* error);
    /// The view made by horizontalVideo(), or null before.
    CanvasView* horizontalView() const { return m_horizontalView.get(); }
    /// The scene the horizontal canvas shows now (empty before horizontalVideo()).
    QString horizontalSceneName() const { return m_horizontalScene; }
    /// What the horizontal canvas shows while PROGRAM_SCENE is on the program (issue 11): the
    /// program scene's landscape twin (the horizontal canvas's scene named
    /// DefaultCollection::horizontalTwinName(PROGRAM_SCENE), e.g. "Be right back Landscape") when the
    /// collection has one, else the canvas's own scene (Options::horizontalScene, else the first made
    /// for it). Empty before horizontalVideo(). The canvas follows every program switch at once (a cut).
    QString horizontalSceneFor(const QString& programScene) const;
    /// The card painted for the horizontal canvas (shows the same card as cardLayer()). Once the
    /// horizontal canvas exists the card stage's worker thread uses it (ProductCardLayer: one thread
    /// at a time), so other threads must not call it then; tests read it after the stage is idle.
    ProductCardLayer& horizontalCardLayer() { return *m_horizontalCardLayer; }
    /// The announcement bar painted for the horizontal canvas (shows the same line as announcementLayer()).
    AnnouncementLayer& horizontalAnnouncementLayer() { return *m_horizontalAnnouncementLayer; }

private:
    explicit Studio(const Options& options);
    /// Frees the horizontal canvas's view once no show streams and its encoders let go (checked again
    /// every 250 ms until then): libobs renders a view every frame while it exists.
    void releaseHorizontalWhenIdle();
    /// Puts horizontalSceneFor(PROGRAM_SCENE) on the horizontal canvas (while it exists).
    void followProgramScene(const QString& programScene);

    Options m_options;
    // Declaration order is construction order; destruction runs backwards (libobs last).
    std::unique_ptr<ObsContext> m_obs;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<ImageCache> m_images;
    std::unique_ptr<ProductCardLayer> m_cardLayer;
    std::unique_ptr<AnnouncementLayer> m_announcementLayer;
    std::unique_ptr<SceneCollection> m_scenes;
    std::unique_ptr<ObsOutputs> m_outputs;
    std::unique_ptr<CardStage> m_cardStage;
    std::unique_ptr<ShowLog> m_showLog;
    std::unique_ptr<ShowController> m_show;
    std::unique_ptr<RunOfShow> m_runOfShow;
    std::unique_ptr<ProductCardLayer> m_horizontalCardLayer; // the card of the horizontal canvas
    std::unique_ptr<AnnouncementLayer> m_horizontalAnnouncementLayer; // the bar of the horizontal canvas
    std::unique_ptr<CanvasView> m_horizontalView; // made on first use; destroyed after the outputs
    QString m_horizontalScene;
    QString m_horizontalHome; // the horizontal canvas's own scene (shown when the program scene has no twin)
    ClockTimer* m_horizontalReleaseTimer = nullptr;
    std::optional<QPoint> m_placedHorizontalCardAt; ///< where setCardStyle() last put the horizontal card items
    Clock* m_clock = nullptr;
    std::optional<QPoint> m_placedCardAt; ///< where setCardStyle() last put the card items
    CardTemplate m_cardTemplate;
    QString m_baseTemplate; ///< the template set from outside the run of show (settings, dialog, flag)
    bool m_styleForQueueItem = false; ///< setCardStyle() runs for a queue card's own template
    CardTheme m_cardTheme;
    QRect m_cardSafeArea;
    CardExtras m_cardExtras;
};

} // namespace pinstage
