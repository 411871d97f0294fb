// SPDX-License-Identifier: GPL-2.0-or-later
#include "scene/CollectionDocument.h"

namespace pinstage {

const SourceDocument* CollectionDocument::source(const QString& name) const
{
    for (const SourceDocument& s : sources)
        if (s.name == name)
            return &s;
    return nullptr;
}

SourceDocument* CollectionDocument::source(const QString& name)
{
    return const_cast<SourceDocument*>(std::as_const(*this).source(name));
}

const SceneDocument* CollectionDocument::scene(const QString& name) const
{
    const int i = sceneIndex(name);
    return i < 0 ? nullptr : &scenes.at(i);
}

SceneDocument* CollectionDocument::scene(const QString& name)
{
    const int i = sceneIndex(name);
    return i < 0 ? nullptr : &scenes[i];
}

int CollectionDocument::sceneIndex(const QString& name) const
{
    for (int i = 0; i < scenes.size(); ++i)
        if (scenes.at(i).name == name)
            return i;
    return -1;
}

} // namespace pinstage
