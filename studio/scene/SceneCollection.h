// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "scene/AudioMeter.h"
#include "scene/CollectionDocument.h"
#include "scene/DefaultCollection.h"

#include <obs.hpp>

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace pinstage {

class ClockTimer;

/// The show's scenes as a collection, live in libobs: several named scenes, each an ordered list
/// of sources of any libobs type (camera, image, text, media file, colour, screen capture, audio
/// capture, the product card…), the program scene on output channel 0 behind a cut or fade
/// transition, and the audio sources bound to output channels 1–6 with their volume, mute and
/// level meters. Every edit goes to the libobs objects and to the document, which is saved at
/// once to the collection file (CollectionFile) unless the collection is read-only.
///
/// Names: scenes are unique in the collection, sources are unique in the collection (one source
/// may sit in several scenes), and a scene holds a source at most once, so an item is named by
/// its scene and its source. Item indexes count from the bottom (0 is drawn first).
/// Transforms are in canvas pixels (see ItemTransform).
///
/// Errors: every call that can fail returns false (or nullptr) and sets *error to one line naming
/// the scene, source or file; nothing changes then.
///
/// Thread contract: main thread only, with a running ObsContext for the collection's whole life
/// (SharedImageSource::registerTypes() done). Level meters deliver on the main thread.
class SceneCollection : public QObject {
    Q_OBJECT
public:
    enum class Transition { Cut, Fade };

    struct Options {
        QString file; ///< the collection file; missing: the default one is created there
        bool readOnly = false; ///< never write the file (a collection named on the command line
                               ///< for one show is still saved on edits unless this is set)
        QSize canvas { 1080, 1920 };
        DefaultCollection::Options defaults; ///< for a first start (canvas is taken from above)
        // Overrides for this session only, never saved:
        QString camera; ///< "": each camera as saved (empty device: the first one found);
                        ///< "none": no camera (the test pattern shows); else a V4L2 device
        QString microphone; ///< "": as saved (the default input); "none": no microphone;
                            ///< else a PulseAudio source name
        QString title; ///< non-empty: the text of the source named "Title"
        QString startScene; ///< non-empty: the scene on the program at start (must exist)
        /// The horizontal second canvas of this session (issue 11), pixels; the scenes made for it
        /// (SceneDocument::canvas) are scaled to it. Empty: they stay as saved.
        QSize horizontalCanvas;
    };

    /// Loads (or creates) the collection and builds it in libobs. A broken or newer file is
    /// refused (nullptr, *error naming the file and the place) and left untouched.
    static std::unique_ptr<SceneCollection> open(const Options& options, QString* error);
    ~SceneCollection() override;

    const CollectionDocument& document() const { return m_doc; }
    QString filePath() const { return m_options.file; }
    /// One line when something could not be set up as saved (no audio server, a source type
    /// libobs does not have); empty otherwise. Said once, at open.
    QStringList warnings() const { return m_warnings; }

    QStringList sceneNames() const;
    obs_scene_t* scene(const QString& name) const;
    obs_source_t* source(const QString& name) const;
    obs_sceneitem_t* item(const QString& scene, const QString& source) const;

    /// The scene on the program (the one switched to last, even while a fade still runs).
    QString programSceneName() const { return m_program; }
    obs_scene_t* programScene() const { return scene(m_program); }

    /// Puts scene NAME on the program with a cut (immediate) or a fade of DURATION_MS
    /// milliseconds (0–10000). The show controller and `--switch` call this. The program scene
    /// is not saved as the start scene (it is a show's state, not the collection's).
    bool switchScene(const QString& name, Transition transition, int durationMs, QString* error);
    /// "cut" or "fade" (case-insensitive).
    static std::optional<Transition> parseTransition(const QString& text);

    // Scenes.
    bool addScene(const QString& name, QString* error);
    /// The program scene cannot be removed (switch away first), nor the last scene.
    bool removeScene(const QString& name, QString* error);
    bool renameScene(const QString& name, const QString& newName, QString* error);
    bool moveScene(const QString& name, int index, QString* error);
    /// Adds NEW_NAME after NAME with the same items (the same sources, shared, with their
    /// transforms): editing a source's settings shows in both, moving an item in one does not.
    bool duplicateScene(const QString& name, const QString& newName, QString* error);
    /// The transition switches use from now on (Studio's scene switch reads it at each switch):
    /// a cut, or a fade of DURATION_MS milliseconds (0–10000). Saved in the collection file.
    bool setDefaultTransition(Transition transition, int durationMs, QString* error);

    // Sources and items.
    /// Creates SOURCE and puts it on top of SCENE (empty SCENE: no item, e.g. a global audio source).
    bool addSource(const QString& scene, const SourceDocument& source, const ItemTransform& transform, QString* error);
    /// Puts the existing source on top of SCENE.
    bool addItem(const QString& scene, const QString& source, const ItemTransform& transform, QString* error);
    bool removeItem(const QString& scene, const QString& source, QString* error);
    /// Removes the source from every scene and the collection.
    bool removeSource(const QString& source, QString* error);
    /// Moves the item to INDEX (0 = bottom).
    bool moveItem(const QString& scene, const QString& source, int index, QString* error);
    bool setTransform(const QString& scene, const QString& source, const ItemTransform& transform, QString* error);
    bool renameSource(const QString& source, const QString& newName, QString* error);
    /// Replaces the source's libobs settings (obs_data JSON).
    bool setSourceSettings(const QString& source, const QJsonObject& settings, QString* error);

    // Audio.
    /// Sources that carry audio and were created (each has a meter).
    QStringList audioSourceNames() const;
    /// False when the collection holds PulseAudio sources (microphone, desktop audio) and no sound
    /// server answered when it was built (AudioServer::probe): those sources were not created and
    /// the show is silent. Main thread.
    bool hasAudioServer() const { return m_audioServer; }
    /// Gain in dB (-100 to +26; libobs's fader), applied at once and saved.
    bool setVolumeDb(const QString& source, double db, QString* error);
    bool setMuted(const QString& source, bool muted, QString* error);
    /// The level meter of an audio source, or nullptr. Owned by the collection.
    AudioMeter* meter(const QString& source) const;

    /// The first scene made for the horizontal canvas (SceneDocument::canvas set), or empty.
    QString horizontalSceneName() const;
    /// Adds the default scene of the horizontal canvas (DefaultCollection::horizontalScene) as NAME,
    /// laid out for CANVAS (pixels), sharing the collection's camera, test pattern, logo and title, with
    /// a product card source of its own that shows the card painted for that canvas; saved at once.
    bool addHorizontalScene(const QString& name, QSize canvas, QString* error);
    /// Adds the landscape twin of the program scene SCENE (DefaultCollection::horizontalTwin, named
    /// DefaultCollection::horizontalTwinName(SCENE)), laid out for CANVAS; saved at once. False with
    /// *error when SCENE does not exist or the twin's name is taken.
    bool addHorizontalTwin(const QString& scene, QSize canvas, QString* error);
    /// Whether NAME is a scene made for the horizontal canvas (SceneDocument::canvas set).
    bool isHorizontalScene(const QString& name) const;

    /// Writes the collection file now (edits already do). False and *error naming the file on failure.
    bool save(QString* error);

signals:
    /// The program scene changed (emitted when the switch starts).
    void programSceneChanged(const QString& name);
    /// Scenes, sources, items or transforms changed through this API.
    void changed();

private:
    explicit SceneCollection(const Options& options);
    bool build(QString* error);
    OBSSourceAutoRelease createSource(const SourceDocument& doc);
    QJsonObject sessionSettings(const SourceDocument& doc) const;
    bool addSceneItem(obs_scene_t* scene, const SceneItemDocument& item);
    void applyCameraChoice();
    void repaintTestPattern();
    bool commit(QString* error);
    bool findItem(const QString& scene, const QString& source, SceneItemDocument** item, QString* error);
    bool isSessionOnlyAudio(const SourceDocument& doc) const;

    Options m_options;
    CollectionDocument m_doc;
    QStringList m_warnings;
    std::map<QString, OBSSourceAutoRelease> m_sources;
    std::map<QString, OBSSceneAutoRelease> m_scenes;
    std::map<QString, std::unique_ptr<AudioMeter>> m_meters;
    OBSSourceAutoRelease m_cut;
    OBSSourceAutoRelease m_fade;
    obs_source_t* m_activeTransition = nullptr;
    QString m_program;
    bool m_audioServer = true;
    bool m_cameraInUse = false;
    bool m_testPatternPainted = false;
    ClockTimer* m_testPatternTimer = nullptr;
};

} // namespace pinstage
